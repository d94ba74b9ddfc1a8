#!/usr/bin/env python3
"""Draws examples/schools/logo.png: a simple crest for the fictional Riverside Academy
(a navy shield with a gold open book over two light-blue river waves). Stdlib only."""
import math
import os
import struct
import zlib

W = H = 200
NAVY, GOLD, RIVER, WHITE = (22, 46, 94), (232, 178, 42), (120, 190, 235), (255, 255, 255)


def in_shield(x, y):
    # flat top from y=14, straight sides down to y=110, then curving to a point at y=188
    if y < 14 or x < 22 or x > 178:
        return False
    if y <= 110:
        return True
    t = (y - 110) / 78.0                     # 0..1 down the curved part
    half = 78 * math.sqrt(max(0.0, 1 - t * t))
    return abs(x - 100) <= half


def in_border(x, y):
    return in_shield(x, y) and not in_shield_inner(x, y)


def in_shield_inner(x, y):
    # the same shape shrunk by 7 px
    cx, cy = 100, 100
    s = 0.91
    return in_shield(cx + (x - cx) / s, cy + (y - cy) / s)


def in_book(x, y):
    # two pages meeting at x=100, top edge slightly curved
    if not (44 <= x <= 156):
        return False
    top = 52 + 6 * ((x - 100) / 56.0) ** 2 - (6 if abs(x - 100) < 3 else 0)
    bottom = 98 + 4 * ((x - 100) / 56.0) ** 2
    return top <= y <= bottom


def in_wave(x, y, base):
    return abs(y - (base + 6 * math.sin((x - 22) / 14.0))) <= 4.5


def pixel(x, y):
    if not in_shield(x, y):
        return (0, 0, 0, 0)
    if in_border(x, y):
        return GOLD + (255,)
    if in_book(x, y):
        if abs(x - 100) < 1.5:
            return NAVY + (255,)
        # page lines
        top = 52 + 6 * ((x - 100) / 56.0) ** 2
        if 52 < x < 148 and abs(x - 100) > 8 and int(y - top) % 9 == 8:
            return (200, 160, 40, 255)
        return WHITE + (255,)
    if in_wave(x, y, 128) or in_wave(x, y, 150):
        return RIVER + (255,)
    return NAVY + (255,)


def png(path):
    rows = bytearray()
    for y in range(H):
        rows.append(0)
        for x in range(W):
            # 2x2 supersampling for smooth edges
            acc = [0, 0, 0, 0]
            for dx in (0.25, 0.75):
                for dy in (0.25, 0.75):
                    p = pixel(x + dx, y + dy)
                    for i in range(4):
                        acc[i] += p[i] * (p[3] / 255.0 if i < 3 else 1)
            a = acc[3] / 4
            rgb = [int(acc[i] / 4 / (a / 255.0)) if a else 0 for i in range(3)]
            rows.extend(bytes(rgb + [int(a)]))

    def chunk(kind, data):
        c = struct.pack(">I", len(data)) + kind + data
        return c + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    data = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", W, H, 8, 6, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(bytes(rows), 9)) + chunk(b"IEND", b""))
    with open(path, "wb") as f:
        f.write(data)


if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    png(os.path.join(here, "..", "schools", "logo.png"))
