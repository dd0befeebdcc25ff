import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ICD10_INDEX_URL } from './decode';
import { loadIcd10Index } from './load';
import { searchIcd10 } from './search';
import { readCommittedIndex } from './testing/committed-index';

// A real HTTP server in front of the committed file, as the app's static files are served.
const text = readCommittedIndex();
const requests: string[] = [];
let failNext = false;
let server: Server;
let origin: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    requests.push(path);
    if (path !== ICD10_INDEX_URL || failNext) {
      failNext = false;
      response.writeHead(503).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('loading the ICD-10-CM index', () => {
  it('fetches the file once and shares the built index', async () => {
    const url = `${origin}${ICD10_INDEX_URL}`;
    const [first, second] = await Promise.all([loadIcd10Index(url), loadIcd10Index(url)]);
    expect(second).toBe(first);
    expect(await loadIcd10Index(url)).toBe(first);
    expect(requests).toEqual([ICD10_INDEX_URL]);
    expect(first.codes).toHaveLength(74_719);
    expect(searchIcd10(first, 'E11.9')[0]?.description).toBe(
      'Type 2 diabetes mellitus without complications',
    );
  });

  it('tries again after a failed load', async () => {
    const url = `${origin}${ICD10_INDEX_URL}?retry`;
    failNext = true;
    await expect(loadIcd10Index(url)).rejects.toThrow(/could not be loaded \(503\)/);
    const index = await loadIcd10Index(url);
    expect(index.codes).toHaveLength(74_719);
    expect(requests.slice(-2)).toEqual([ICD10_INDEX_URL, ICD10_INDEX_URL]);
  });
});
