"""Results: the model (metrics, one row per subject, ratios), the terminal
table, results.json and the gnuplot plots.

A row holds the values a run measured, or the reason it has none ("not
available: ..."); ratios are computed from those values only.
"""
import json
import os
import shutil
import subprocess

from . import common

SUBJECTS = {
    "unikit": "Unikit",
    "floor-mb": "floor (multiboot1)",
    "floor-pvh": "floor (PVH)",
    "floor-dev": "floor + httpd devices",
    "unikit-timed": "Unikit (timed boot)",
    "linux-vm": "Linux VM",
    "host-nginx": "host nginx",
}


class Metric:
    def __init__(self, key, title, unit, better="lower", digits=1, group=None, note=""):
        self.key, self.title, self.unit = key, title, unit
        self.better, self.digits, self.note = better, digits, note
        self.group = group or key.split(".")[0]
        self.rows = {}          # subject -> dict
        self.ratios = []        # (num, den, target) ; target: (op, value) or None
        self.limits = []        # (subject, op, value): an absolute target

    def add(self, subject, values=None, reason=None, label=None, **extra):
        s = common.summary(values) if values is not None else None
        if s is None and reason is None:
            reason = "no successful run"
        self.rows[subject] = {"label": label or SUBJECTS.get(subject, subject),
                              "summary": s, "reason": None if s else reason, "extra": extra}
        return self

    def na(self, subject, reason, label=None):
        return self.add(subject, None, reason, label)

    def ratio(self, num, den, target=None):
        self.ratios.append((num, den, target))
        return self

    def limit(self, subject, op, value):
        self.limits.append((subject, op, value))
        return self

    def value(self, subject, which="median"):
        r = self.rows.get(subject)
        return r["summary"][which] if r and r["summary"] else None

    def ratio_values(self, num, den):
        out = {}
        for which in ("median", "min"):
            a, b = self.value(num, which), self.value(den, which)
            out[which] = a / b if a is not None and b not in (None, 0) else None
        return out


class Report:
    def __init__(self, title):
        self.title = title
        self.metrics = []
        self.meta = {}
        self.phases = []        # (name, seconds)
        self.shares = {}        # app -> [(lib, bytes)]
        self.notes = []

    def metric(self, *a, **kw):
        m = Metric(*a, **kw)
        self.metrics.append(m)
        return m

    def get(self, key):
        for m in self.metrics:
            if m.key == key:
                return m
        return None

    # ---------------------------------------------------------------- text
    def _fmt(self, v, digits):
        if v is None:
            return "-"
        if abs(v) >= 10000:
            return "{:,.0f}".format(v)
        return "{:,.{d}f}".format(v, d=digits)

    def table(self):
        out = []
        w = 78
        out.append("=" * w)
        out.append(self.title)
        for k in ("date", "host", "qemu", "accel", "linux", "load", "wall"):
            if k in self.meta:
                out.append("  %-6s %s" % (k + ":", self.meta[k]))
        out.append("  figures: min and median over the runs shown; ratios are "
                   "median/median (min/min)")
        out.append("=" * w)
        group = None
        for m in self.metrics:
            if m.group != group:
                group = m.group
                out.append("")
                out.append("--- %s " % group + "-" * (w - 5 - len(group)))
            out.append("%s [%s, %s is better]%s" % (m.title, m.unit, m.better,
                                                    ("  " + m.note) if m.note else ""))
            for subj, r in _ordered(m.rows):
                label = r["label"]
                s = r["summary"]
                if s:
                    runs = "%d run%s" % (s["runs"], "" if s["runs"] == 1 else "s")
                    out.append("  %-30s min %10s  median %10s  (%s)" % (
                        label, self._fmt(s["min"], m.digits), self._fmt(s["median"], m.digits),
                        runs))
                else:
                    out.append("  %-30s not available: %s" % (label, r["reason"]))
                errs = r["extra"].get("errors")
                if s and errs:
                    out.append("  %-30s (client reported: %s)" % ("", errs[0][:120]))
            for num, den, target in m.ratios:
                rv = m.ratio_values(num, den)
                ln = m.rows.get(num, {}).get("label", num)
                ld = m.rows.get(den, {}).get("label", den)
                head = "  ratio %s / %s:" % (ln, ld)
                if rv["median"] is None:
                    line = "%s not available (no figure for %s)" % (
                        head, ln if m.value(num) is None else ld)
                else:
                    line = "%s %.2fx (%.2fx)" % (head, rv["median"], rv["min"])
                if target:
                    line += "  target %s %gx" % target
                    if rv["median"] is not None:
                        line += ": %s" % ("met" if _meets(rv["median"], target) else "missed")
                out.append(line)
            for subj, op, val in m.limits:
                v = m.value(subj)
                label = m.rows.get(subj, {}).get("label", subj)
                out.append("  target for %s: median %s %g %s: %s" % (
                    label, op, val, m.unit, "not available" if v is None else
                    ("met" if _meets(v, (op, val)) else "missed")))
        for app, sh in self.shares.items():
            out.append("")
            total = sum(b for _, b in sh)
            out.append("--- share of each library in %s (%s bytes stripped, from the link map) "
                       % (app, "{:,}".format(total)))
            for lib, b in sh:
                out.append("  %-36s %9s bytes  %5.1f%%" % (lib, "{:,}".format(b),
                                                           100.0 * b / total))
        if self.phases:
            out.append("")
            out.append("--- phases " + "-" * (w - 11))
            for name, sec in self.phases:
                out.append("  %-36s %7.1f s" % (name, sec))
            out.append("  %-36s %7.1f s" % ("total", sum(s for _, s in self.phases)))
        for n in self.notes:
            out.append("note: " + n)
        out.append("=" * w)
        return "\n".join(out)

    # ---------------------------------------------------------------- json
    def to_json(self):
        metrics = []
        for m in self.metrics:
            ratios = []
            for num, den, target in m.ratios:
                rv = m.ratio_values(num, den)
                ratios.append({"num": num, "den": den, "median": rv["median"], "min": rv["min"],
                               "target": ("%s %g" % target) if target else None,
                               "met": (_meets(rv["median"], target)
                                       if target and rv["median"] is not None else None)})
            metrics.append({
                "key": m.key, "title": m.title, "unit": m.unit, "better": m.better,
                "group": m.group, "note": m.note,
                "results": {s: {"label": r["label"], "available": r["summary"] is not None,
                                "reason": r["reason"], **(r["summary"] or {}), **r["extra"]}
                            for s, r in m.rows.items()},
                "ratios": ratios,
                "targets": [{"subject": su, "target": "%s %g" % (op, val),
                             "met": None if m.value(su) is None
                             else _meets(m.value(su), (op, val))}
                            for su, op, val in m.limits]})
        return {"title": self.title, "meta": self.meta,
                "phases": [{"name": n, "seconds": round(s, 2)} for n, s in self.phases],
                "metrics": metrics,
                "library_shares": {a: [{"library": l, "bytes": b} for l, b in sh]
                                   for a, sh in self.shares.items()},
                "notes": self.notes}

    def write_json(self, path):
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path + ".tmp", "w") as f:
            json.dump(self.to_json(), f, indent=1)
        os.replace(path + ".tmp", path)

    # ---------------------------------------------------------------- plots
    def plot(self, outdir, name, title, keys, subjects, log=False, ylabel=None):
        """A clustered bar chart: one cluster per metric in keys, one bar per
        subject (the median; a dot marks the min).  Missing values are
        labelled n/a.  Returns the png path, or None without gnuplot."""
        if not shutil.which("gnuplot"):
            return None
        ms = [self.get(k) for k in keys if self.get(k)]
        if not ms:
            return None
        os.makedirs(outdir, exist_ok=True)
        S = len(subjects)
        w = 0.8 / S
        datafiles = []
        vals = [v for m in ms for subj in subjects
                for v in (m.value(subj), m.value(subj, "min")) if v is not None and v > 0]
        ymax = max(vals) if vals else 1.0
        lo = (min(vals) / 3.0 if vals else 0.1) if log else 0
        hi = ymax * (8 if log else 1.25)
        # Label position for a missing bar: near the bottom.  (gnuplot 1.5
        # crashes on labels whose y is computed from a NaN column.)
        na_y = lo * 1.5 if log else ymax * 0.03
        for j, subj in enumerate(subjects):
            path = os.path.join(outdir, "%s.%s.dat" % (name, subj))
            with open(path, "w") as f:
                for i, m in enumerate(ms):
                    x = i + (j - (S - 1) / 2.0) * w
                    med, mn = m.value(subj), m.value(subj, "min")
                    if med is None:
                        f.write("%g NaN NaN n/a %g\n" % (x, na_y))
                    else:
                        f.write("%g %g %g %s %g\n" % (x, med, mn, _short(med), med))
            datafiles.append((subj, path))
        gp = ["set terminal pngcairo noenhanced size 1000,560 font 'sans,10'", "set bmargin 5",
              "set output '%s'" % os.path.join(outdir, name + ".png"),
              "set title \"%s\\n(bars: median, dots: min)\"" % title.replace('"', "'"),
              "set style fill solid 0.8 border -1",
              "set boxwidth %g absolute" % w,
              "set key top left",
              "set grid ytics",
              "set xrange [-0.6:%g]" % (len(ms) - 0.4),
              "set yrange [%g:%g]" % (lo, hi),
              "set ylabel \"%s\"" % (ylabel or ms[0].unit),
              "set xtics (%s)" % ", ".join('"%s" %d' % (_wrap(m.title), i)
                                           for i, m in enumerate(ms))]
        if log:
            gp.append("set logscale y")
        plots = []
        colors = ["#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b"]
        for j, (subj, path) in enumerate(datafiles):
            label = SUBJECTS.get(subj, subj)
            own = [m.rows[subj]["label"] for m in ms if subj in m.rows]
            if subj == "unikit" and own:
                label += " (%s)" % own[0]
            c = colors[j % len(colors)]
            plots.append("'%s' using 1:2 with boxes lc rgb '%s' title '%s'" % (path, c, label))
            plots.append("'%s' using 1:3 with points pt 7 ps 0.6 lc rgb 'black' notitle" % path)
            plots.append("'%s' using 1:5:4 with labels offset 0,0.7 font ',8' notitle" % path)
        gp.append("plot " + ", ".join(plots))
        script = os.path.join(outdir, name + ".gp")
        with open(script, "w") as f:
            f.write("\n".join(gp) + "\n")
        r = subprocess.run(["gnuplot", script], capture_output=True, text=True, timeout=60)
        if r.returncode != 0:
            self.notes.append("gnuplot %s failed: %s" % (name, r.stderr.strip()[:200]))
            return None
        return os.path.join(outdir, name + ".png")

    def plot_shares(self, outdir):
        """One horizontal bar per library for each app with a link map."""
        if not shutil.which("gnuplot") or not self.shares:
            return None
        os.makedirs(outdir, exist_ok=True)
        gp = ["set terminal pngcairo noenhanced size 1000,%d font 'sans,10'" %
              (200 + 22 * sum(len(s) for s in self.shares.values())),
              "set output '%s'" % os.path.join(outdir, "libshare.png"),
              "set style fill solid 0.8 border -1",
              "set multiplot layout %d,1" % len(self.shares)]
        for app, sh in self.shares.items():
            path = os.path.join(outdir, "libshare.%s.dat" % app)
            with open(path, "w") as f:
                for i, (lib, b) in enumerate(sh):
                    f.write('%d "%s" %d\n' % (i, lib, b))
            total = sum(b for _, b in sh)
            gp += ["set title \"%s: %s bytes stripped, share of each library\"" %
                   (app, "{:,}".format(total)),
                   "set yrange [%g:-0.6] noreverse" % (len(sh) - 0.4),
                   "unset key", "set xlabel 'bytes'", "set grid xtics",
                   "set offsets 0, graph 0.15, 0, 0",
                   "plot '%s' using (column(3)/2.0):1:(column(3)/2.0):(0.35):ytic(2) "
                   "with boxxyerror lc rgb '#1f77b4', '' using 3:1:(sprintf('%%d', column(3))) "
                   "with labels left offset 0.5,0 font ',8'" % path]
        gp.append("unset multiplot")
        script = os.path.join(outdir, "libshare.gp")
        with open(script, "w") as f:
            f.write("\n".join(gp) + "\n")
        r = subprocess.run(["gnuplot", script], capture_output=True, text=True, timeout=60)
        if r.returncode != 0:
            self.notes.append("gnuplot libshare failed: %s" % r.stderr.strip()[:200])
            return None
        return os.path.join(outdir, "libshare.png")


def _ordered(rows):
    """Rows in the order of SUBJECTS (ours first), whatever order they were
    measured in."""
    order = list(SUBJECTS)
    return sorted(rows.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order
                  else len(order))


def _meets(v, target):
    op, t = target
    return {"<": v < t, "<=": v <= t, ">": v > t, ">=": v >= t}[op]


def _short(v):
    if v >= 100000:
        return "%.0fk" % (v / 1000)
    if v >= 100:
        return "%.0f" % v
    if v >= 10:
        return "%.1f" % v
    return "%.2f" % v


def _wrap(title, width=22):
    words, lines, cur = title.split(), [], ""
    for wd in words:
        if cur and len(cur) + 1 + len(wd) > width:
            lines.append(cur)
            cur = wd
        else:
            cur = (cur + " " + wd).strip()
    lines.append(cur)
    return "\\n".join(lines).replace('"', "'")
