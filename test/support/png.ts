/**
 * Reads the pixels of a PNG as Chromium's screenshots write them (8-bit RGB or RGBA, not interlaced), so a browser
 * test can check what actually reached the screen, not only what the DOM says.
 */
import { inflateSync } from 'node:zlib';

export interface Pixels {
  width: number;
  height: number;
  /** The red, green and blue of one pixel. */
  at(x: number, y: number): [number, number, number];
}

const SIGNATURE = '89504e470d0a1a0a';

export function readPng(png: Buffer): Pixels {
  if (png.subarray(0, 8).toString('hex') !== SIGNATURE) throw new Error('not a PNG');
  let width = 0;
  let height = 0;
  let channels = 0;
  const compressed: Buffer[] = [];
  for (let pos = 8; pos < png.length; ) {
    const length = png.readUInt32BE(pos);
    const type = png.toString('ascii', pos + 4, pos + 8);
    const data = png.subarray(pos + 8, pos + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      const [depth, colourType, , , interlace] = data.subarray(8, 13);
      channels = colourType === 6 ? 4 : colourType === 2 ? 3 : 0;
      if (depth !== 8 || channels === 0 || interlace !== 0) throw new Error('only 8-bit, non-interlaced RGB(A) PNGs');
    } else if (type === 'IDAT') compressed.push(data);
    pos += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(compressed));
  const stride = width * channels;
  const pixels = Buffer.alloc(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let i = 0; i < stride; i++) {
      const left = i >= channels ? pixels[y * stride + i - channels]! : 0;
      const up = y > 0 ? pixels[(y - 1) * stride + i]! : 0;
      const upLeft = i >= channels && y > 0 ? pixels[(y - 1) * stride + i - channels]! : 0;
      pixels[y * stride + i] = (line[i]! + predict(filter, left, up, upLeft)) & 0xff;
    }
  }
  return {
    width,
    height,
    at: (x, y) => {
      const i = y * stride + x * channels;
      return [pixels[i]!, pixels[i + 1]!, pixels[i + 2]!];
    },
  };
}

/** PNG's five line filters (RFC 2083, 6). */
function predict(filter: number | undefined, left: number, up: number, upLeft: number): number {
  switch (filter) {
    case 0:
      return 0;
    case 1:
      return left;
    case 2:
      return up;
    case 3:
      return (left + up) >> 1;
    case 4: {
      const p = left + up - upLeft;
      const [a, b, c] = [Math.abs(p - left), Math.abs(p - up), Math.abs(p - upLeft)];
      return a <= b && a <= c ? left : b <= c ? up : upLeft;
    }
    default:
      throw new Error(`unknown PNG filter ${filter}`);
  }
}

/** How many pixels of that colour lie in the box (CSS pixels of a screenshot taken at device scale 1). */
export function countColour(
  pixels: Pixels,
  colour: [number, number, number],
  box: { x: number; y: number; width: number; height: number },
): number {
  let count = 0;
  const [x0, y0] = [Math.max(0, Math.ceil(box.x)), Math.max(0, Math.ceil(box.y))];
  const [x1, y1] = [Math.min(pixels.width, box.x + box.width), Math.min(pixels.height, box.y + box.height)];
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const [r, g, b] = pixels.at(x, y);
      if (r === colour[0] && g === colour[1] && b === colour[2]) count++;
    }
  }
  return count;
}
