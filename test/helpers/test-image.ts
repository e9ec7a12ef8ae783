import { createCanvas } from '@napi-rs/canvas';

/** A real, decodable image of the given size (a block of colour with a lighter square in the middle, so encoders have some detail). */
export async function testImage(width: number, height: number, format: 'jpeg' | 'png' | 'webp' = 'jpeg'): Promise<Buffer> {
  const c = createCanvas(width, height);
  const g = c.getContext('2d');
  g.fillStyle = '#225588';
  g.fillRect(0, 0, width, height);
  g.fillStyle = '#ffffff';
  g.fillRect(width / 3, height / 3, width / 3, height / 3);
  return format === 'png' ? c.encode('png') : format === 'webp' ? c.encode('webp', 80) : c.encode('jpeg', 85);
}
