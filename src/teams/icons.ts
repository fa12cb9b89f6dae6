import { PNG } from 'pngjs';

/** Teams app icon sizes (https://learn.microsoft.com/microsoftteams/platform/concepts/build-and-test/apps-package). */
export const COLOR_ICON_SIZE = 192;
/** See {@link COLOR_ICON_SIZE}. */
export const OUTLINE_ICON_SIZE = 32;

/** ReCONNET calm blue, also the manifest's accentColor. */
export const BRAND_BLUE = { r: 0x1f, g: 0x5f, b: 0xa8 };

/** Subsamples per pixel side: 4×4 gives smooth edges without an image library. */
const SUPERSAMPLING = 4;

/**
 * The mark of the pages (src/web/pages.ts LOGO_SVG) in its 48-unit design space: three
 * linked nodes, i.e. a network of expert centres.
 */
const MARK = {
    nodes: [
        { x: 24, y: 13 },
        { x: 13, y: 33 },
        { x: 35, y: 33 },
    ],
    nodeRadius: 5.5,
    linkWidth: 3,
    /** Centre of the mark's bounding box (x 7.5–40.5, y 7.5–38.5). */
    centre: { x: 24, y: 23 },
    extent: 33,
};

interface Point {
    x: number;
    y: number;
}

function distanceToSegment(p: Point, a: Point, b: Point): number {
    const dx = b.x - a.x;
    const dy = b.y - a.y;
    const t = Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / (dx * dx + dy * dy)));
    return Math.hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

/** True when a point (in mark units) lies on a node or a link of the mark. */
function onMark(p: Point): boolean {
    const { nodes, nodeRadius, linkWidth } = MARK;
    if (nodes.some((n) => Math.hypot(p.x - n.x, p.y - n.y) <= nodeRadius)) return true;
    return nodes.some((a, i) => distanceToSegment(p, a, nodes[(i + 1) % nodes.length]) <= linkWidth / 2);
}

/** Fraction (0–1) of a pixel covered by the mark drawn `markSize` pixels wide, centred. */
function coverage(px: number, py: number, size: number, markSize: number): number {
    const scale = MARK.extent / markSize;
    let hits = 0;
    for (let sy = 0; sy < SUPERSAMPLING; sy++) {
        for (let sx = 0; sx < SUPERSAMPLING; sx++) {
            const x = px + (sx + 0.5) / SUPERSAMPLING - size / 2;
            const y = py + (sy + 0.5) / SUPERSAMPLING - size / 2;
            if (onMark({ x: MARK.centre.x + x * scale, y: MARK.centre.y + y * scale })) hits++;
        }
    }
    return hits / (SUPERSAMPLING * SUPERSAMPLING);
}

function render(size: number, markSize: number, pixel: (cover: number) => [number, number, number, number]): Buffer {
    const png = new PNG({ width: size, height: size });
    for (let y = 0; y < size; y++) {
        for (let x = 0; x < size; x++) {
            const [r, g, b, a] = pixel(coverage(x, y, size, markSize));
            const i = (y * size + x) * 4;
            png.data[i] = r;
            png.data[i + 1] = g;
            png.data[i + 2] = b;
            png.data[i + 3] = a;
        }
    }
    return PNG.sync.write(png);
}

/** Full-colour icon: white mark on ReCONNET blue, inside Teams' 120 px safe area. */
export function renderColorIcon(): Buffer {
    const { r, g, b } = BRAND_BLUE;
    return render(COLOR_ICON_SIZE, 112, (cover) => [
        Math.round(r + (255 - r) * cover),
        Math.round(g + (255 - g) * cover),
        Math.round(b + (255 - b) * cover),
        255,
    ]);
}

/** Outline icon: white mark on a transparent background (Teams tints it). */
export function renderOutlineIcon(): Buffer {
    return render(OUTLINE_ICON_SIZE, 28, (cover) => [255, 255, 255, Math.round(255 * cover)]);
}

/** Problems with an icon file, as sentences; empty when it is fine. */
export function checkIcon(kind: 'color' | 'outline', file: Buffer): string[] {
    let png: PNG;
    try {
        png = PNG.sync.read(file);
    } catch (err) {
        return [`${kind} icon is not a PNG: ${(err as Error).message}`];
    }
    const expected = kind === 'color' ? COLOR_ICON_SIZE : OUTLINE_ICON_SIZE;
    if (png.width !== expected || png.height !== expected) {
        return [`${kind} icon must be ${expected}x${expected} pixels, got ${png.width}x${png.height}`];
    }
    if (kind === 'color') return [];
    let transparent = 0;
    let visible = 0;
    for (let i = 0; i < png.data.length; i += 4) {
        const alpha = png.data[i + 3];
        if (alpha === 0) {
            transparent++;
            continue;
        }
        visible++;
        if (png.data[i] !== 255 || png.data[i + 1] !== 255 || png.data[i + 2] !== 255) {
            const pixel = i / 4;
            return [`outline icon must be white on transparent; pixel (${pixel % png.width}, ${Math.floor(pixel / png.width)}) is not white`];
        }
    }
    if (transparent === 0) return ['outline icon must have a transparent background'];
    if (visible === 0) return ['outline icon is empty'];
    return [];
}
