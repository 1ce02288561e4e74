// The original FAVE's node and the memory of its stages: nothing in its CSVs measures them, so
// every figure here is set from a source or a measurement made here, and reaches the profile
// with its reason (measured.notes). They feed the simulator's node-memory OOM (a node whose
// replicas' resident memory, base + per in-flight call, exceeds its memory kills its largest
// replica), so none of them is chosen to make an outcome happen. Memory is in MiB.
//
// Measured here: calibrate/import/measure/python-rss.py (Python processes with each stage's
// imports, CPython 3.11.7 on x86-64, librosa 0.11.0, numba 0.68.0, onnxruntime 1.30.0,
// opencv-python-headless 5.0.0, boto3 1.43, pydantic 2.13: newer than the original's pins in
// base-image/requirements.txt, and the original ran Python 3.9 on ARM64) and
// calibrate/import/measure/ffmpeg-rss.sh (the stages' ffmpeg commands, npm's static ffmpeg,
// not the original's Debian build).

/** The node's processors and the memory its VM saw: docs/original-fave.md, "Node". */
export const NODE_CORES = 8;
/** 4,109,217,791 B = GOMEMLIMIT 3,698,296,012 B / 0.9, from Prometheus's self-metrics. */
export const VM_MEMORY_MIB = 3919;

export interface Part {
  what: string;
  mib: number;
  why: string;
}

/**
 * What runs in the same VM besides the function pods, with what it is taken to hold. Chart
 * requests are what the chart sizes a component at, not a measurement of its use: the Go
 * services (gateway, provider, queue-worker, NATS) usually hold less, Prometheus can hold
 * more. The reserve as a whole is uncertain by several hundred MiB either way.
 */
export const RESERVED: Part[] = [
  {
    what: 'VM operating system, Docker Desktop services, dockerd/containerd, kubelet',
    mib: 526,
    why: "Google Distributed Cloud's reservation for the OS and core Kubernetes processes, 330 MiB + 5% of capacity (cloud.google.com/kubernetes-engine/distributed-cloud/vmware/docs/how-to/resources-available-pods): 330 + 0.05 × 3,919",
  },
  {
    what: 'kubelet hard-eviction margin',
    mib: 100,
    why: "Kubernetes' default memory.available<100Mi: pods are evicted before the node's last 100 MiB are used",
  },
  {
    what: 'control plane (kube-apiserver 250, etcd 100, kube-controller-manager 52, kube-scheduler 25, CoreDNS 2 × 70, kube-proxy 20, storage-provisioner + vpnkit-controller 30)',
    mib: 617,
    why: "etcd and CoreDNS at kubeadm's requests (100Mi; 70Mi per replica); kube-controller-manager at the 52 MB working set reported on Docker Desktop 4.12 / Kubernetes 1.25 (kubernetes/kubernetes#112918); kube-apiserver, kube-scheduler, kube-proxy and Docker Desktop's two add-ons are estimates for a one-node cluster with a few dozen objects",
  },
  {
    what: 'OpenFaaS (gateway 120, faas-netes 120, queue-worker 120, NATS 120, Prometheus 512, AlertManager 25)',
    mib: 1017,
    why: 'memory requests of the openfaas chart 14.2.78 (values.yaml), the chart that ships gateway 0.27.10 and faas-netes 0.18.10, the versions in the original\'s patched gateway manifest',
  },
  {
    what: 'MinIO (RELEASE.2023-09-30, one server, the original\'s manifests/minio-k8s.yaml, no request set)',
    mib: 200,
    why: 'idle single-server figures of 109-211 MiB reported in minio/minio#7264; it grows with concurrent streams',
  },
];

export const NODE_MEMORY_MIB = VM_MEMORY_MIB - RESERVED.reduce((s, p) => s + p.mib, 0);

/** of-watchdog, a Go HTTP proxy in front of each function's Python server. Not measured. */
const WATCHDOG_MIB = 10;

export interface StageMemory {
  base: number;
  perRequest: number;
  why: string;
}

// A Python server with the shared helpers only (boto3 S3 client, pydantic): 56.3 MiB.
const PLAIN = 56 + WATCHDOG_MIB;
const PLAIN_WHY = `base ${PLAIN}: a Python process with the shared helpers (boto3 S3 client, pydantic) holds 56 MiB (measured here), plus ${WATCHDOG_MIB} for of-watchdog (estimate)`;

export const STAGE_MEMORY: Record<string, StageMemory> = {
  'ffmpeg-0': { base: PLAIN, perRequest: 15, why: `${PLAIN_WHY}; perRequest 15: the peak of its ffmpeg children, the refused two-track audio extraction (15.0 MiB) then the 1-s silent WAV (11.1), measured here; tar 2.5` },
  librosa: {
    base: 401 + WATCHDOG_MIB,
    perRequest: 3,
    why: `base ${401 + WATCHDOG_MIB}: a Python process that imported librosa and made its first call (load at 22,050 Hz, split on silence) with an empty numba cache, as a new pod does, holds 401 MiB (measured here: 69 after the imports, the rest the compiled code; 291 when the cache is warm), plus ${WATCHDOG_MIB} for of-watchdog; perRequest 3: 0.5 MiB per call with 5 served at once by threads on 1 s of audio (measured here), plus its tar child (2.5)`,
  },
  'ffmpeg-1': { base: PLAIN, perRequest: 15, why: `${PLAIN_WHY}; perRequest 15: one stream-copy cut, 14.8 MiB (measured here)` },
  'ffmpeg-2': { base: PLAIN, perRequest: 38, why: `${PLAIN_WHY}; perRequest 38: the libx264 CRF 30 re-encode of the 1-s 320x176 clip with 12 threads (x264's default on 8 cores), 37.1 MiB (measured here; 33 with this machine's 3 threads), the largest of its three ffmpeg runs (audio extraction 14.3, resampling 11.8)` },
  deepspeech: { base: PLAIN, perRequest: 3, why: `${PLAIN_WHY}; perRequest 3: the dummy stage only untars and tars (2.5 MiB each, measured here): ffmpeg-2's bundle holds the compressed clip, so its fallback black-video encode never runs` },
  'ffmpeg-3': { base: PLAIN, perRequest: 19, why: `${PLAIN_WHY}; perRequest 19: sampling the compressed clip at 1 fps to JPEG, 18.5 MiB (measured here)` },
  'object-detector': {
    base: 186 + WATCHDOG_MIB,
    perRequest: 10,
    why: `base ${186 + WATCHDOG_MIB}: a Python process with OpenCV and onnxruntime and an inference session created at start, holds 186 MiB after its first call (measured here on a conv stack of 6.4 M float32 weights standing in for the vendored YOLOv4-tiny's 6.05 M, 416x416 input), plus ${WATCHDOG_MIB} for of-watchdog; perRequest 10: 9.6 MiB per call with 5 run at once by threads (measured here: each run's activations)`,
  },
};

/** Not a stage of the profile; for a scenario's orchestrator function. */
export const ORCHESTRATOR_MEMORY = { base: 59 + WATCHDOG_MIB, why: 'a Python process with the shared helpers and httpx, 59 MiB (measured here), plus of-watchdog' };

export function memoryNotes(): string[] {
  return [
    `node.cores ${NODE_CORES}: Prometheus's self-metrics in the original repository (GOMAXPROCS 8), docs/original-fave.md "Node".`,
    `node.memoryMB ${NODE_MEMORY_MIB} (MiB) = what function pods can use: the VM's ${VM_MEMORY_MIB} MiB (Prometheus's GOMEMLIMIT / 0.9) less ${VM_MEMORY_MIB - NODE_MEMORY_MIB} for what else runs in it: ` +
      RESERVED.map((p) => `${p.what}: ${p.mib} (${p.why})`).join('; ') +
      '. Uncertain by several hundred MiB: chart requests and estimates, not a measurement of that VM. The faasd-compose Prometheus the node figures come from ran in the same VM until at least 25 Dec 08:15 UTC (E0, E1) and is not counted: no sample of it covers E2 or E3.',
    'memoryMB per stage {base, perRequest} (MiB): base = a replica\'s Python server with that stage\'s imports after its first call; perRequest = what one call in flight adds (its ffmpeg or tar children, its in-process buffers). ' +
      'Measured here with calibrate/import/measure/{python-rss.py, ffmpeg-rss.sh}: newer library versions than the original\'s pins, x86-64 instead of ARM64, npm\'s static ffmpeg instead of Debian\'s.',
    ...Object.entries(STAGE_MEMORY).map(([name, m]) => `memoryMB ${name}: base ${m.base}, perRequest ${m.perRequest}: ${m.why}.`),
    `orchestrator (not a profile stage): base ${ORCHESTRATOR_MEMORY.base} MiB, ${ORCHESTRATOR_MEMORY.why}.`,
  ];
}
