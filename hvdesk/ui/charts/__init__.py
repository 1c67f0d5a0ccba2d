"""Charts drawn with QPainter: time-series charts, list sparklines, their colours and units."""
