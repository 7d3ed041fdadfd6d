#!/usr/bin/python3
"""Draws the site's raster images (www/img/logo.png, www/favicon.ico) with
the standard library only, so they can be re-made anywhere:

    /usr/bin/python3 apps/httpd/tools/make_images.py

The logo is a rounded square with a blue-to-teal gradient and a white
ring around a dot: one app in one small box."""
import math
import os
import struct
import zlib

WWW = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "www")


def png(width, height, pixel):
    """An RGBA PNG; pixel(x, y) returns (r, g, b, a) in 0..255."""
    raw = bytearray()
    for y in range(height):
        raw.append(0)  # filter: none
        for x in range(width):
            raw.extend(pixel(x, y))

    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data +
                struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff))

    return (b"\x89PNG\r\n\x1a\n" +
            chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(bytes(raw), 9)) +
            chunk(b"IEND", b""))


def logo(size):
    r_corner = size * 0.22
    c = (size - 1) / 2.0

    def coverage(dist):
        # anti-aliasing: 1 inside, 0 outside, linear over one pixel
        return max(0.0, min(1.0, 0.5 - dist))

    def pixel(x, y):
        # rounded square
        dx = max(abs(x - c) - (c - r_corner), 0.0)
        dy = max(abs(y - c) - (c - r_corner), 0.0)
        box = math.hypot(dx, dy) - r_corner
        a = coverage(box)
        t = (x + y) / (2.0 * (size - 1))
        r, g, b = (int(30 + 0 * t), int(90 + 90 * t), int(200 - 40 * t))
        # white ring and dot
        d = math.hypot(x - c, y - c)
        ring = coverage(abs(d - size * 0.27) - size * 0.06)
        dot = coverage(d - size * 0.11)
        w = max(ring, dot)
        r = int(r + (255 - r) * w)
        g = int(g + (255 - g) * w)
        b = int(b + (255 - b) * w)
        return (r, g, b, int(255 * a))

    return png(size, size, pixel)


def ico(png_data, size):
    """An ICO holding one PNG image (supported by every current browser)."""
    header = struct.pack("<HHH", 0, 1, 1)
    entry = struct.pack("<BBBBHHII", size % 256, size % 256, 0, 0, 1, 32,
                        len(png_data), 6 + 16)
    return header + entry + png_data


def main():
    os.makedirs(os.path.join(WWW, "img"), exist_ok=True)
    with open(os.path.join(WWW, "img", "logo.png"), "wb") as f:
        f.write(logo(128))
    with open(os.path.join(WWW, "favicon.ico"), "wb") as f:
        f.write(ico(logo(32), 32))


if __name__ == "__main__":
    main()
