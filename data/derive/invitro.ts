// Re-derives data/azure2019/ and data/azure2021/ from vhive-serverless/invitro:
//   npx tsx data/derive/invitro.ts <clone of vhive-serverless/invitro> --out data
// Both are Azure Functions traces as invitro sampled them; the files are copied unchanged from
// the pinned commits, with invitro's MIT licence next to them (LICENSE-invitro).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sourceAndOut } from './git-source.ts';

// "Add 1k-by-10 samples" (2022-02-18): one day of the Azure Functions 2019 trace sampled down to
// 100 and 1000 functions. Later commits replaced these files (in 2022-07 they moved to Git LFS as
// data/traces/reference/sampled_150.tar.gz), so they are read from this commit.
const AZURE2019 = { commit: '12448fd16814ce8a946fcf52c3d0e6a0a4fe0a6f', folder: 'data/traces' };
// The repository's head when fetched: a 199-invocation excerpt of the Azure Functions 2021 trace
// and the MIT licence (added 2023-09-06, after the 2019 samples had left the tree).
const HEAD = 'a1df629445ff7aa996ae1cf411dabc5a8c30376f';
const AZURE2021 = 'data/traces/example/Azure2021/Azure2021_200.csv';

const { source, out } = sourceAndOut('usage: npx tsx data/derive/invitro.ts <clone of vhive-serverless/invitro> --out data');
const licence = source.read(HEAD, 'LICENSE');
const write = (path: string, bytes: Buffer): void => {
  mkdirSync(join(out, path, '..'), { recursive: true });
  writeFileSync(join(out, path), bytes);
  console.log(`wrote ${join(out, path)} (${bytes.length} bytes)`);
};

for (const n of [100, 1000]) {
  for (const kind of ['inv', 'run', 'mem']) write(`azure2019/${n}_${kind}.csv`, source.read(AZURE2019.commit, `${AZURE2019.folder}/${n}_${kind}.csv`));
}
write('azure2021/sample_200.csv', source.read(HEAD, AZURE2021));
write('azure2019/LICENSE-invitro', licence);
write('azure2021/LICENSE-invitro', licence);
