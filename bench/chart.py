"""The benchmark chart: run-time and peak-RSS ratios to the uninstrumented
build, one group of bars per workload, one bar per configuration.

Drawn with matplotlib (Debian: python3-matplotlib). When the interpreter
running the harness has no matplotlib, another python3 that has it
(/usr/bin/python3) draws it; failing that a plain PNG of unlabelled bars is
written by the small encoder at the bottom, and the table names the colours.
"""
import json
import os
import struct
import subprocess
import sys
import zlib

COLORS = ["#7f7f7f", "#bcbd22", "#1f77b4", "#aec7e8", "#d62728", "#ff9896",
          "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf"]


def _data(workloads, configs, res):
    d = {"workloads": workloads, "configs": configs, "wall": {}, "lo": {},
         "hi": {}, "rss": {}}
    for w in workloads:
        for c in configs:
            s = res[(w, c)]
            k = f"{w}/{c}"
            d["wall"][k] = s["r_wall"]
            d["lo"][k] = s["r_wall_lo"]
            d["hi"][k] = s["r_wall_hi"]
            d["rss"][k] = s["r_rss"]
    return d


def write_chart(path, workloads, configs, res, title=""):
    d = _data(workloads, configs, res)
    d["title"] = title
    try:
        import matplotlib  # noqa: F401
        _matplotlib(path, d)
        return
    except ImportError:
        pass
    for py in ("/usr/bin/python3", "/usr/local/bin/python3"):
        if os.path.realpath(py) == os.path.realpath(sys.executable) or \
                not os.path.exists(py):
            continue
        jpath = path + ".json"
        with open(jpath, "w") as f:
            json.dump(d, f)
        r = subprocess.run([py, os.path.abspath(__file__), jpath, path])
        os.unlink(jpath)
        if r.returncode == 0:
            return
    print("kmemsan-bench: no matplotlib (apt-get install python3-matplotlib); "
          "chart.png has bars only", file=sys.stderr)
    _plain_png(path, d)


def _matplotlib(path, d):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ws, cs = d["workloads"], d["configs"]
    fig, axes = plt.subplots(2, 1, figsize=(max(8, 1.6 * len(ws) + 3), 9))
    width = 0.8 / len(cs)
    for ax, key, label in ((axes[0], "wall", "run time ÷ uninstrumented"),
                           (axes[1], "rss", "peak RSS ÷ uninstrumented")):
        for j, c in enumerate(cs):
            xs = [i + (j - (len(cs) - 1) / 2) * width for i in range(len(ws))]
            ys = [d[key][f"{w}/{c}"] or 0 for w in ws]
            kw = {}
            if key == "wall":
                kw["yerr"] = [[y - (d["lo"][f"{w}/{c}"] or y) for w, y in zip(ws, ys)],
                              [(d["hi"][f"{w}/{c}"] or y) - y for w, y in zip(ws, ys)]]
                kw["capsize"] = 2
            ax.bar(xs, ys, width, label=c, color=COLORS[j % len(COLORS)], **kw)
        ax.axhline(1.0, color="black", linewidth=0.8)
        ax.set_yscale("log")
        ax.set_ylabel(label + " (log)")
        ax.set_xticks(range(len(ws)))
        ax.set_xticklabels(ws)
        ax.grid(axis="y", which="both", alpha=0.3)
    axes[0].legend(ncol=3, fontsize=8)
    axes[0].set_title(d.get("title", ""))
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def _plain_png(path, d):
    """Bars only (log scale, 1x at the middle line), colours as COLORS."""
    ws, cs = d["workloads"], d["configs"]
    bar, gap, h = 8, 16, 300
    width = gap + len(ws) * (len(cs) * bar + gap)
    import math
    px = [[(255, 255, 255)] * width for _ in range(h)]
    top = max([v for v in d["wall"].values() if v] + [2.0])
    scale = (h - 20) / math.log(top * 1.1)
    base = h - 10
    x = gap
    for w in ws:
        for j, c in enumerate(cs):
            v = d["wall"][f"{w}/{c}"] or 1.0
            hgt = max(1, int(math.log(max(v, 1.0)) * scale))
            col = tuple(int(COLORS[j % len(COLORS)][k:k + 2], 16) for k in (1, 3, 5))
            for yy in range(base - hgt, base):
                for xx in range(x, x + bar - 1):
                    px[yy][xx] = col
            x += bar
        x += gap
    for xx in range(width):
        px[base][xx] = (0, 0, 0)
    raw = b"".join(b"\x00" + bytes(c for p in row for c in p) for row in px)

    def chunk(t, b):
        return struct.pack(">I", len(b)) + t + b + struct.pack(
            ">I", zlib.crc32(t + b) & 0xffffffff)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(
            ">IIBBBBB", width, h, 8, 2, 0, 0, 0)) + chunk(
            b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


if __name__ == "__main__":
    with open(sys.argv[1]) as f:
        _matplotlib(sys.argv[2], json.load(f))
