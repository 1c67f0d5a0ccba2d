"""One decoder per encoding. Each is an explicit little state machine driven by the
client's Reader: `start(rect)` sets the first read step, each step's handler sets
the next, and the last calls `host.rect_done()`."""
