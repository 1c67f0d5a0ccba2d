"""What Qt's widget painting alone costs per 1024x768 frame: the floor under hvdesk's
console, whatever its RFB client does.

A bare QWidget (opaque paint event, like ConsoleWidget) shows a 1024x768 RGB32 image;
a timer asks for a repaint of the whole image --fps times a second, and the widget
draws it with one QPainter.drawImage, as the console does for a full-screen update.
No socket, no decoding: CPU seconds of this process per frame, over --seconds, after
a second of warm-up. With --no-draw the paint event draws nothing (Qt's repaint and
flush machinery alone).

Run it in a real X server, as the console benchmark does:

    xvfb-run -a -s "-screen 0 1600x1200x24" env QT_QPA_PLATFORM=xcb \\
        .venv/bin/python -m tests.bench.bench_qt_paint
"""

from __future__ import annotations

import argparse
import resource
from collections.abc import Sequence

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QImage, QPainter, QPaintEvent
from PySide6.QtWidgets import QApplication, QWidget


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


class Screen(QWidget):
    def __init__(self, image: QImage, draw: bool) -> None:
        super().__init__()
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.image = image
        self.draw = draw
        self.frames = 0

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        if self.draw:
            rect = event.rect()
            painter.drawImage(rect.topLeft(), self.image, rect)
        painter.end()
        self.frames += 1


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--fps", type=int, default=30)
    parser.add_argument("--no-draw", action="store_true")
    args = parser.parse_args(argv)
    app = QApplication([])
    image = QImage(1024, 768, QImage.Format.Format_RGB32)
    image.fill(0x2060A0)
    screen = Screen(image, draw=not args.no_draw)
    screen.resize(1024, 768)
    screen.show()
    ticker = QTimer()
    ticker.timeout.connect(screen.update)
    ticker.start(1000 // args.fps)
    start: list[float] = []

    def begin() -> None:
        screen.frames = 0
        start.append(cpu_seconds())
        QTimer.singleShot(int(args.seconds * 1000), end)

    def end() -> None:
        spent = cpu_seconds() - start[0]
        frames = max(screen.frames, 1)
        what = "repaint only" if args.no_draw else "drawImage 1024x768"
        print(
            f"{app.platformName()}: {frames} frames ({what}), "
            f"{spent * 1000 / frames:.3f} ms CPU per frame, {spent / args.seconds * 100:.1f} % CPU"
        )
        app.quit()

    QTimer.singleShot(1000, begin)
    app.exec()


if __name__ == "__main__":
    main()
