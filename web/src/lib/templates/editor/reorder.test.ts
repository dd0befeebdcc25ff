import { describe, expect, it } from 'vitest';
import { moveItem, movedMessage } from './reorder';

describe('moveItem', () => {
  it('moves an item down and up without changing the original', () => {
    const items = ['a', 'b', 'c', 'd'];
    expect(moveItem(items, 0, 2)).toEqual(['b', 'c', 'a', 'd']);
    expect(moveItem(items, 3, 0)).toEqual(['d', 'a', 'b', 'c']);
    expect(items).toEqual(['a', 'b', 'c', 'd']);
  });

  it('keeps the target inside the list', () => {
    expect(moveItem(['a', 'b', 'c'], 1, 10)).toEqual(['a', 'c', 'b']);
    expect(moveItem(['a', 'b', 'c'], 1, -3)).toEqual(['b', 'a', 'c']);
  });

  it('leaves the list as it is for an unknown position', () => {
    expect(moveItem(['a', 'b'], -1, 0)).toEqual(['a', 'b']);
  });
});

describe('movedMessage', () => {
  it('counts positions from one', () => {
    expect(movedMessage('Pain score', 0, 4)).toBe('Pain score moved to position 1 of 4.');
  });
});
