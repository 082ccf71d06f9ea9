#!/usr/bin/env python3
"""Runs a word2vec command (ours or the C tool, with -debug 2) and times its phases from its own output.

    phase_times.py [--log FILE] -- word2vec -train ... -debug 2

Reads the program's standard output as it comes, splits it on both \\r and \\n (the progress line is rewritten in
place with \\r) and stamps every piece with the time it arrived. Phases, in seconds from the start of the process:
  vocab   start to the "Vocab size" line (process start, reading the corpus, sorting the vocabulary)
  tables  to the first "Progress:" line (Huffman tree, unigram table, weights, starting the threads)
  train   to the last "Progress:" line
  output  from then to the exit (writing the vectors; C's threads also train their last < 10,000 words here)
The first progress line comes only after a thread has read 10,000 words (both tools; ours polls the shared count
every 100 ms and prints a 0.00% line at its first poll), so "tables" holds a sliver of training. The extrapolated
figures correct that: the training rate between the first line past 0% and the last line, run back from the first
one's percentage to 0% and forward from the last one's to 100%, gives tables_x, train_x and output_x.
Prints one line: vocab S tables S train S output S total S tables_x S train_x S output_x S first_pct P last_pct P.
The C tool's standard output is a pipe here, which glibc buffers: run it under `stdbuf -o0`.
"""
import re
import subprocess
import sys
import time


def main(argv):
    log = None
    if argv[:1] == ["--log"]:
        log, argv = argv[1], argv[2:]
    if argv[:1] == ["--"]:
        argv = argv[1:]
    if not argv:
        sys.exit("usage: phase_times.py [--log FILE] -- COMMAND...")
    start = time.monotonic()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE)
    # A piece is stamped with the arrival of its last byte: the progress line starts with \r and has no end mark, so
    # waiting for the next separator would stamp it with the next line's time (the last one with the exit's).
    stamped, buf, buf_t = [], b"", 0.0
    while True:
        chunk = proc.stdout.read1(65536)
        now = time.monotonic() - start
        if not chunk:
            break
        pieces = re.split(rb"[\r\n]", chunk)
        times = [now if p else None for p in pieces]
        pieces[0], times[0] = buf + pieces[0], now if pieces[0] else buf_t
        stamped.extend((t, p) for t, p in zip(times[:-1], pieces[:-1]) if p.strip())
        buf, buf_t = pieces[-1], times[-1] if len(pieces) > 1 else times[0]
    rc = proc.wait()
    end = time.monotonic() - start
    if buf.strip():
        stamped.append((buf_t, buf))
    if log:
        with open(log, "w") as f:
            for t, p in stamped:
                f.write(f"{t:10.4f} {p.decode(errors='replace')}\n")
    if rc != 0:
        sys.exit(f"phase_times: the command exited with {rc}")
    vocab = next((t for t, p in stamped if p.startswith(b"Vocab size")), None)
    prog = [(t, float(m.group(1))) for t, p in stamped if (m := re.search(rb"Progress: *([0-9.]+)%", p))]
    if vocab is None or len(prog) < 2:
        sys.exit("phase_times: no 'Vocab size' line or fewer than two progress lines (run with -debug 2)")
    (t1, p1), (t2, p2) = prog[0], prog[-1]
    # The extrapolation starts from the first line past 0% (ours prints a 0.00% line at its first poll, 100 ms after
    # the threads start).
    (u1, q1) = next(((t, p) for t, p in prog if p > 0), prog[0])
    rate = (p2 - q1) / (t2 - u1) if t2 > u1 and p2 > q1 else float("inf")
    x0 = u1 - q1 / rate          # the run back to 0%
    x1 = t2 + (100 - p2) / rate  # and forward to 100%
    x1 = min(x1, end)
    print(f"vocab {vocab:.3f} tables {t1 - vocab:.3f} train {t2 - t1:.3f} output {end - t2:.3f} total {end:.3f} "
          f"tables_x {x0 - vocab:.3f} train_x {x1 - x0:.3f} output_x {end - x1:.3f} first_pct {p1:.2f} last_pct {p2:.2f}")


if __name__ == "__main__":
    main(sys.argv[1:])
