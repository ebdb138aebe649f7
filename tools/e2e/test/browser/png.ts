/**
 * Just enough PNG decoding to tell a blank screenshot from a real one: 8-bit RGB/RGBA, non-interlaced (what Chromium
 * writes), scanline filters undone, distinct colours counted.
 */
import { inflateSync } from "node:zlib"

export interface Decoded {
  readonly width: number
  readonly height: number
  /** Distinct RGB colours over every pixel. */
  readonly colours: number
}

const paeth = (a: number, b: number, c: number) => {
  const p = a + b - c
  const pa = Math.abs(p - a)
  const pb = Math.abs(p - b)
  const pc = Math.abs(p - c)
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c
}

export const decodePng = (png: Buffer): Decoded => {
  if (png.readUInt32BE(0) !== 0x89504e47) throw new Error("not a PNG")
  let offset = 8
  let width = 0
  let height = 0
  let channels = 0
  const idat: Array<Buffer> = []
  while (offset < png.length) {
    const length = png.readUInt32BE(offset)
    const type = png.toString("latin1", offset + 4, offset + 8)
    const data = png.subarray(offset + 8, offset + 8 + length)
    if (type === "IHDR") {
      width = data.readUInt32BE(0)
      height = data.readUInt32BE(4)
      const [depth, colourType, , , interlace] = [data[8], data[9], data[10], data[11], data[12]]
      if (depth !== 8 || interlace !== 0 || (colourType !== 2 && colourType !== 6))
        throw new Error(`unsupported PNG (depth ${depth}, colour type ${colourType}, interlace ${interlace})`)
      channels = colourType === 6 ? 4 : 3
    } else if (type === "IDAT") idat.push(data)
    offset += 12 + length
  }
  const raw = inflateSync(Buffer.concat(idat))
  const stride = width * channels
  const pixels = Buffer.alloc(stride * height)
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)] as number
    for (let x = 0; x < stride; x++) {
      const value = raw[y * (stride + 1) + 1 + x] as number
      const left = x >= channels ? (pixels[y * stride + x - channels] as number) : 0
      const up = y > 0 ? (pixels[(y - 1) * stride + x] as number) : 0
      const upLeft = y > 0 && x >= channels ? (pixels[(y - 1) * stride + x - channels] as number) : 0
      const predicted =
        filter === 0
          ? 0
          : filter === 1
            ? left
            : filter === 2
              ? up
              : filter === 3
                ? Math.floor((left + up) / 2)
                : paeth(left, up, upLeft)
      pixels[y * stride + x] = (value + predicted) & 0xff
    }
  }
  const colours = new Set<number>()
  for (let i = 0; i < pixels.length; i += channels)
    colours.add(((pixels[i] as number) << 16) | ((pixels[i + 1] as number) << 8) | (pixels[i + 2] as number))
  return { width, height, colours: colours.size }
}
