"""Unikit's benchmark harness (bench/run, bench/boot).

Standard library only; run with the system /usr/bin/python3.  Every figure
comes from the run itself: nothing here holds a measured number.
"""
