import { describe, expect, it, vi } from 'vitest';
import { MAX_STAGED_BYTES, stageFile } from './backend';

describe('stageFile', () => {
  it('refuses a file over the limit in Russian without reading it into memory', async () => {
    const arrayBuffer = vi.fn();
    const huge = { name: 'урок.mp4', size: MAX_STAGED_BYTES + 1, type: 'video/mp4', arrayBuffer };
    await expect(stageFile(huge as unknown as File)).rejects.toMatch(
      /«урок\.mp4» слишком большой \(257 МБ\).*до 256 МБ/,
    );
    expect(arrayBuffer).not.toHaveBeenCalled();
  });
});
