"""Resident memory of a Python process that imports what one of the original FAVE's stages
imports, before and after its first call and during a warm call (docs/original-fave.md,
"What each stage does per call"). It imports the same packages (the original pins them in
base-image/requirements.txt) but whatever versions are installed here, and runs a stand-in
for each stage's in-process work on a 1-s input; ffmpeg children are measured apart
(ffmpeg-rss.sh). Linux only: reads VmRSS/VmHWM from /proc/self/status and resets the peak
with /proc/self/clear_refs.

Usage: python3 calibrate/import/measure/python-rss.py <stage>
  stage: common | orchestrator | librosa | object-detector
Prints JSON: {"stage", "importedMB", "afterFirstCallMB", "warmCallPeakMB",
"concurrent5PeakPerCallMB", "versions"} (MiB).
"""
import json
import os
import sys
import tempfile


def status(key):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1]) / 1024  # kB -> MiB
    raise KeyError(key)


def reset_peak():
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")


def common():
    # Every stage's helpers: boto3 S3 client (storage_helper), pydantic models (schemas).
    import boto3
    import pydantic
    from botocore.client import Config

    client = boto3.client("s3", endpoint_url="http://127.0.0.1:9", aws_access_key_id="x",
                          aws_secret_access_key="x", config=Config(signature_version="s3v4"),
                          region_name="us-east-1")

    class Payload(pydantic.BaseModel):
        request_id: str
        input_uri: str

    Payload.model_validate_json('{"request_id": "r", "input_uri": "s3://b/k"}')
    return client, {"boto3": boto3.__version__, "pydantic": pydantic.VERSION}


def orchestrator():
    _, v = common()
    import httpx
    httpx.Client().close()
    return None, {**v, "httpx": httpx.__version__}


def librosa_stage():
    # A new pod has no numba cache: its first call compiles (the first-call penalty), and
    # the compiled code stays resident. An empty cache directory makes every run a new pod.
    os.environ["NUMBA_CACHE_DIR"] = tempfile.mkdtemp()
    _, v = common()
    import librosa
    import numpy as np
    import soundfile

    wav = os.path.join(tempfile.mkdtemp(), "audio.wav")
    soundfile.write(wav, np.zeros(16000, dtype=np.float32), 16000)  # the 1-s silent WAV of ffmpeg-0

    def call():
        audio, _ = librosa.load(wav, sr=22050, mono=True)
        librosa.effects.split(audio, top_db=30)

    return call, {**v, "librosa": librosa.__version__, "numpy": np.__version__}


def make_model(path):
    """A stand-in for the vendored YOLOv4-tiny (6.05 M parameters, 416x416 input): a conv
    stack of about as many float32 weights, so the session holds about the same weight
    bytes. Written by a child process, so building it leaves nothing in the measured one."""
    import numpy as np
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    rng = np.random.default_rng(0)
    nodes, inits, channels, name, params = [], [], 3, "x", 0
    for i, (out, stride) in enumerate([(32, 2), (64, 2), (128, 2), (256, 2), (512, 2), (512, 1), (512, 1), (255, 1)]):
        k = 3 if out != 255 else 1
        w = rng.standard_normal((out, channels, k, k), dtype=np.float32) * 0.01
        inits.append(numpy_helper.from_array(w, f"w{i}"))
        params += w.size
        nodes.append(helper.make_node("Conv", [name, f"w{i}"], [f"c{i}"], strides=[stride, stride], pads=[k // 2] * 4))
        nodes.append(helper.make_node("Relu", [f"c{i}"], [f"r{i}"]))
        name, channels = f"r{i}", out
    graph = helper.make_graph(nodes, "yolo-like", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3, 416, 416])],
                              [helper.make_tensor_value_info(name, TensorProto.FLOAT, None)], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8  # what older onnxruntime builds read too
    onnx.save(model, path)
    print(params)


def detector():
    import subprocess

    path = os.path.join(tempfile.mkdtemp(), "model.onnx")
    params = subprocess.run([sys.executable, __file__, "--make-model", path], check=True, capture_output=True, text=True).stdout.strip()
    _, v = common()
    import cv2
    import numpy as np
    import onnxruntime as ort

    sess = ort.InferenceSession(path)  # created at process start, as the original does
    frame = (np.random.default_rng(1).random((176, 320, 3)) * 255).astype(np.uint8)

    def call():
        img = cv2.resize(frame, (416, 416)).astype(np.float32).transpose(2, 0, 1)[None] / 255.0
        sess.run(None, {"x": img})

    return call, {**v, "onnxruntime": ort.__version__, "opencv": cv2.__version__, "numpy": np.__version__, "parameters": params}


CONCURRENT = 5

STAGES = {"common": lambda: (None, common()[1]), "orchestrator": orchestrator, "librosa": librosa_stage, "object-detector": detector}

if __name__ == "__main__":
    if sys.argv[1] == "--make-model":
        make_model(sys.argv[2])
        sys.exit(0)
    stage = sys.argv[1]
    call, versions = STAGES[stage]()
    out = {"stage": stage, "importedMB": round(status("VmRSS"), 1), "versions": {"python": sys.version.split()[0], **versions}}
    if call:
        call()
        out["afterFirstCallMB"] = round(status("VmRSS"), 1)
        before = status("VmRSS")
        reset_peak()
        call()
        out["warmCallPeakMB"] = round(status("VmHWM") - before, 1)
        # Calls served at once by threads (ThreadingHTTPServer): the peak above the idle
        # process, per call.
        import threading

        before = status("VmRSS")
        reset_peak()
        threads = [threading.Thread(target=call) for _ in range(CONCURRENT)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        out[f"concurrent{CONCURRENT}PeakPerCallMB"] = round((status("VmHWM") - before) / CONCURRENT, 1)
    print(json.dumps(out))
