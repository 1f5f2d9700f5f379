#!/usr/bin/env python3
"""Builds web/src/map/afghanistan-map.json, the offline map's geometry (run by hand; the output is committed).

Source (no network): Debian package r-cran-rnaturalearthdata (Natural Earth 1:50m Admin 0 countries,
public domain). `apt-get download r-cran-rnaturalearthdata && dpkg-deb -x r-cran-rnaturalearthdata_*.deb rne`,
then `python3 scripts/map/build-province-map.py rne/usr/lib/R/site-library/rnaturalearthdata/data/Rdata.rdb`.

No province (admin-1) boundaries of Afghanistan exist in any Debian package or on this machine (the package's
`states50` and gmt-dcw's states cover other countries only), so the province areas are *schematic*: each point
of the country belongs to the province whose centre (server/data/provinces.json, hand-estimated ±25 km) is
nearest (a Voronoi cell clipped to the border). They show where incidents cluster; they are not boundaries.
"""
import json, lzma, math, struct, sys

RDB = sys.argv[1]
ROOT = __file__.rsplit('/scripts/', 1)[0]
TOLERANCE_KM = 2.0


def rdb_chunks(data):
    # An R lazy-load database: 4-byte length, 'Z', a raw LZMA2 stream, one after another.
    i = 0
    while i < len(data) - 5:
        d = lzma.LZMADecompressor(format=lzma.FORMAT_RAW, filters=[{'id': lzma.FILTER_LZMA2, 'dict_size': 64 << 20}])
        out = d.decompress(data[i + 5:])
        yield out
        i += 5 + (len(data) - i - 5 - len(d.unused_data))


def afghanistan_ring(data):
    """The largest numeric matrix (x column then y column, XDR doubles) lying wholly within Afghanistan's box."""
    best = []
    for chunk in rdb_chunks(data):
        if b'Afghanistan' not in chunk:
            continue
        p = 0
        while True:
            p = chunk.find(b'\x0e', p + 1)
            if p < 0 or p + 8 > len(chunk):
                break
            if p < 3 or chunk[p - 3] != 0 or chunk[p - 2] not in (0, 2, 3):
                continue
            n = int.from_bytes(chunk[p + 1:p + 5], 'big')
            if n < 20 or n % 2 or p + 5 + 8 * n > len(chunk):
                continue
            v = struct.unpack('>%dd' % n, chunk[p + 5:p + 5 + 8 * n])
            xs, ys = v[: n // 2], v[n // 2:]
            if all(60 < x < 75.5 for x in xs) and all(29 < y < 39 for y in ys) and n // 2 > len(best):
                best = list(zip(xs, ys))
    return best


def km(a, b):
    kx = 111.32 * math.cos(math.radians(34))
    return math.hypot((a[0] - b[0]) * kx, (a[1] - b[1]) * 110.57)


def seg_dist(p, a, b):
    kx = 111.32 * math.cos(math.radians(34))
    P, A, B = (p[0] * kx, p[1] * 110.57), (a[0] * kx, a[1] * 110.57), (b[0] * kx, b[1] * 110.57)
    dx, dy = B[0] - A[0], B[1] - A[1]
    if dx == dy == 0:
        return math.hypot(P[0] - A[0], P[1] - A[1])
    t = max(0, min(1, ((P[0] - A[0]) * dx + (P[1] - A[1]) * dy) / (dx * dx + dy * dy)))
    return math.hypot(P[0] - A[0] - t * dx, P[1] - A[1] - t * dy)


def simplify(pts, tol):
    if len(pts) < 3:
        return pts
    i, dmax = 0, 0
    for k in range(1, len(pts) - 1):
        d = seg_dist(pts[k], pts[0], pts[-1])
        if d > dmax:
            i, dmax = k, d
    if dmax <= tol:
        return [pts[0], pts[-1]]
    return simplify(pts[: i + 1], tol)[:-1] + simplify(pts[i:], tol)


def clip(poly, a, b):
    """Sutherland-Hodgman: the part of poly nearer to site a than to site b."""
    mx, my = (a[0] + b[0]) / 2, (a[1] + b[1]) / 2
    nx, ny = b[0] - a[0], b[1] - a[1]
    side = lambda p: (p[0] - mx) * nx + (p[1] - my) * ny  # <= 0: a's side
    out = []
    for k in range(len(poly)):
        p, q = poly[k], poly[(k + 1) % len(poly)]
        sp, sq = side(p), side(q)
        if sp <= 0:
            out.append(p)
        if (sp < 0 < sq) or (sq < 0 < sp):
            t = sp / (sp - sq)
            out.append((p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])))
    return out


def main():
    ring = afghanistan_ring(open(RDB, 'rb').read())
    if ring[0] != ring[-1]:
        ring.append(ring[0])
    outline = simplify(ring, TOLERANCE_KM)[:-1]
    provinces = json.load(open(f'{ROOT}/server/data/provinces.json'))
    # Cells in a plane scaled like the map (a degree of longitude is shorter than one of latitude here).
    kx = math.cos(math.radians(34))
    site = {p['code']: (p['centroid']['lon'] * kx, p['centroid']['lat']) for p in provinces}
    cells = []
    for p in provinces:
        poly = [(x * kx, y) for x, y in outline]
        for q in provinces:
            if q['code'] != p['code']:
                poly = clip(poly, site[p['code']], site[q['code']])
        cells.append({
            'code': p['code'],
            'centre': [p['centroid']['lon'], p['centroid']['lat']],
            'area': [[round(x / kx, 3), round(y, 3)] for x, y in poly],
        })
    out = {
        'source': 'Border: Natural Earth 1:50m Admin 0 countries (public domain), from the Debian package '
        'r-cran-rnaturalearthdata 0.1.0; simplified (Douglas-Peucker, 2 km).',
        'licence': 'Public domain (Natural Earth terms of use: https://www.naturalearthdata.com/about/terms-of-use/)',
        'provinceAreas': 'Schematic: each province is the part of the country nearer to its centre '
        '(server/data/provinces.json, hand-estimated) than to any other. No admin-1 boundary data was '
        'available offline; these areas are not boundaries.',
        'generatedBy': 'scripts/map/build-province-map.py',
        'outline': [[round(x, 3), round(y, 3)] for x, y in outline],
        'provinces': cells,
    }
    path = f'{ROOT}/web/src/map/afghanistan-map.json'
    with open(path, 'w') as f:
        json.dump(out, f, ensure_ascii=False, separators=(',', ':'))
        f.write('\n')
    print(path, len(ring), '->', len(outline), 'points;', sum(len(c['area']) for c in cells), 'province vertices')


main()
