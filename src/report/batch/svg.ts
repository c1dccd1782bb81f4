/** Drawing helpers for the inline SVG charts: a colour-blind-safe palette, one marker shape per target, axes. */

/** Okabe–Ito colours, each with at least 3:1 contrast on white. */
const COLORS = ["#0072B2", "#D55E00", "#007A5A", "#AA4499", "#9A6700", "#333333", "#3B6FB6"];
const SHAPES = ["circle", "square", "triangle", "diamond", "triangle-down", "cross", "star"] as const;
export type Shape = (typeof SHAPES)[number];

export const colorOf = (i: number): string => COLORS[i % COLORS.length];
export const shapeOf = (i: number): Shape => SHAPES[i % SHAPES.length];

/** A number for an SVG attribute (two decimals are plenty at these sizes). */
export const n2 = (x: number): string => String(Math.round(x * 100) / 100);

/** A marker of `shape` centred on (x, y) with radius r; `inner` goes inside the element (e.g. a <title>). */
export function marker(shape: Shape, x: number, y: number, r: number, attrs: string, inner = ""): string {
  const close = (tag: string, a: string) => (inner ? `<${tag} ${a} ${attrs}>${inner}</${tag}>` : `<${tag} ${a} ${attrs}/>`);
  const path = (points: [number, number][]) => close("path", `d="M${points.map(([px, py]) => `${n2(x + px * r)} ${n2(y + py * r)}`).join("L")}Z"`);
  switch (shape) {
    case "circle":
      return close("circle", `cx="${n2(x)}" cy="${n2(y)}" r="${n2(r)}"`);
    case "square":
      return close("rect", `x="${n2(x - r * 0.85)}" y="${n2(y - r * 0.85)}" width="${n2(r * 1.7)}" height="${n2(r * 1.7)}"`);
    case "triangle":
      return path([
        [0, -1.15],
        [1.05, 0.8],
        [-1.05, 0.8],
      ]);
    case "triangle-down":
      return path([
        [0, 1.15],
        [1.05, -0.8],
        [-1.05, -0.8],
      ]);
    case "diamond":
      return path([
        [0, -1.25],
        [1.1, 0],
        [0, 1.25],
        [-1.1, 0],
      ]);
    case "cross":
      return path([
        [-0.35, -1.1],
        [0.35, -1.1],
        [0.35, -0.35],
        [1.1, -0.35],
        [1.1, 0.35],
        [0.35, 0.35],
        [0.35, 1.1],
        [-0.35, 1.1],
        [-0.35, 0.35],
        [-1.1, 0.35],
        [-1.1, -0.35],
        [-0.35, -0.35],
      ]);
    case "star":
      return path(
        Array.from({ length: 10 }, (_, k) => {
          const angle = (Math.PI / 5) * k - Math.PI / 2;
          const radius = k % 2 ? 0.5 : 1.25;
          return [Math.cos(angle) * radius, Math.sin(angle) * radius] as [number, number];
        }),
      );
  }
}

/** A small legend symbol for target i, as inline SVG (decorative: the target's name is printed beside it). */
export function legendSymbol(i: number): string {
  return `<svg class="symbol" viewBox="0 0 14 14" width="14" height="14" aria-hidden="true">${marker(shapeOf(i), 7, 7, 5, `fill="${colorOf(i)}"`)}</svg>`;
}

/** Round numbers for an axis from 0 to `max`: about `want` ticks at 1, 2 or 5 × 10^k. */
export function niceTicks(max: number, want = 4): number[] {
  if (max <= 0) return [0];
  const raw = max / want;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  for (let v = 0; v <= max + step * 1e-9; v += step) ticks.push(Math.round(v / step) * step);
  if (ticks[ticks.length - 1] < max) ticks.push(ticks[ticks.length - 1] + step);
  return ticks;
}
