"""The embedding model from its registry wheel: loaded once, offline, normalized vectors."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import numpy as np
import pytest

from onramp.nlp import embedding


@pytest.fixture(scope="module")
def loaded() -> str:
    return embedding.warm_up()


def test_warm_up_loads_once_offline(loaded: str) -> None:
    assert loaded == embedding.MODEL_ID and embedding.is_loaded()
    assert os.environ["HF_HUB_OFFLINE"] == "1" and os.environ["TRANSFORMERS_OFFLINE"] == "1"
    first = embedding.model()
    found: list[object] = []
    threads = [threading.Thread(target=lambda: found.append(embedding.model())) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(model is first for model in found)
    assert (embedding.model_dir() / "model.safetensors").is_file()


def test_vectors_are_unit_float32_rows_in_input_order(loaded: str) -> None:
    texts = ["JavaScript", "prepare meat dishes for the restaurant menu", "Java", "cook meat"]
    vectors = embedding.encode(texts, batch_size=2)
    assert vectors.shape == (4, embedding.DIMENSION) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    again = embedding.encode(list(reversed(texts)))
    assert np.allclose(again[::-1], vectors, atol=1e-5)
    similarity = vectors @ vectors.T
    assert similarity[1, 3] > similarity[1, 0]  # cooking sentences sit together
    assert similarity[0, 2] > similarity[0, 1]


def test_empty_input_and_bad_batch_size(loaded: str) -> None:
    assert embedding.encode([]).shape == (0, embedding.DIMENSION)
    with pytest.raises(ValueError):
        embedding.encode(["x"], batch_size=0)


def test_default_runtime_is_int8_onnx_built_once_and_close_to_torch(loaded: str) -> None:
    from onramp.nlp import onnx_runtime

    assert embedding.RUNTIME == "onnx-int8" and embedding.MODEL_ID.endswith("+onnx-int8")
    built = onnx_runtime.build(embedding.model_dir(), embedding.MAX_TOKENS, int8=True)
    stamp = built.stat().st_mtime_ns
    assert onnx_runtime.build(embedding.model_dir(), embedding.MAX_TOKENS, int8=True) == built
    assert built.stat().st_mtime_ns == stamp  # cached, not rebuilt
    texts = ["manage a team of nurses", "JavaScript", "prepare the weekly payroll", "weld steel"]
    fast = embedding.encode(texts)
    reference = embedding.torch_model().encode(texts, normalize_embeddings=True)
    agreement = np.sum(fast * reference, axis=1)
    assert agreement.min() > 0.95, agreement


def test_unknown_runtime_is_refused_plainly() -> None:
    import subprocess
    import sys

    script = "import onramp.nlp.embedding"
    env = {**os.environ, "ONRAMP_EMBEDDING_RUNTIME": "gpu"}
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True)
    assert done.returncode != 0 and "ONRAMP_EMBEDDING_RUNTIME must be one of" in done.stderr


def test_unwritable_model_cache_is_a_plain_configuration_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from onramp.errors import ConfigError
    from onramp.nlp import onnx_runtime

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setenv("ONRAMP_MODEL_CACHE", str(blocker / "models"))
    with pytest.raises(ConfigError, match="set ONRAMP_MODEL_CACHE to a folder"):
        onnx_runtime.build(embedding.model_dir(), 128, int8=True)
