"""The vector index libraries `bench/matching.py` compares, behind one small interface: build,
query top-N by inner product, add, update and remove. Settings are the ones decisions/0019
names; every library gets two threads to build and one to query."""

from __future__ import annotations

from typing import Any, Protocol

import numpy as np

THREADS = 2
M = 16  # HNSW links per node
EF_ADD = 128  # HNSW search depth while building
IVF_LISTS = 1024  # FAISS IVF: about the square root of 1M
IVF_PROBES = 48


class Library(Protocol):
    name: str

    def build(self, vectors: np.ndarray, keys: np.ndarray) -> None: ...

    def query(self, vector: np.ndarray, n: int) -> np.ndarray: ...

    def add(self, vectors: np.ndarray, keys: np.ndarray) -> None: ...

    def update(self, vectors: np.ndarray, keys: np.ndarray) -> None: ...

    def remove(self, keys: np.ndarray) -> None: ...


class Usearch:
    name = "usearch"

    def __init__(self, dims: int, dtype: str = "f32") -> None:
        from usearch.index import Index

        self.name = f"usearch-{dtype}"
        self.index = Index(
            ndim=dims, metric="ip", dtype=dtype, connectivity=M, expansion_add=EF_ADD
        )

    def build(self, vectors: np.ndarray, keys: np.ndarray) -> None:
        self.index.add(keys, vectors, threads=THREADS)

    def query(self, vector: np.ndarray, n: int) -> np.ndarray:
        self.index.expansion_search = max(n, 64)
        found: Any = self.index.search(vector, n, threads=1)
        return np.asarray(found.keys)

    def add(self, vectors: np.ndarray, keys: np.ndarray) -> None:
        self.index.add(keys, vectors, threads=1)

    def update(self, vectors: np.ndarray, keys: np.ndarray) -> None:
        self.index.remove(keys)
        self.index.add(keys, vectors, threads=1)

    def remove(self, keys: np.ndarray) -> None:
        self.index.remove(keys)


class Hnswlib:
    name = "hnswlib"

    def __init__(self, dims: int) -> None:
        import hnswlib

        self.index = hnswlib.Index(space="ip", dim=dims)
        self.dims = dims

    def build(self, vectors: np.ndarray, keys: np.ndarray) -> None:
        self.index.init_index(
            max_elements=len(keys) + 10_000, ef_construction=EF_ADD, M=M, allow_replace_deleted=True
        )
        self.index.add_items(vectors, keys, num_threads=THREADS)

    def query(self, vector: np.ndarray, n: int) -> np.ndarray:
        self.index.set_ef(max(n, 64))
        labels, _ = self.index.knn_query(vector, k=n, num_threads=1)
        return np.asarray(labels[0])

    def add(self, vectors: np.ndarray, keys: np.ndarray) -> None:
        self.index.add_items(vectors, keys, num_threads=1, replace_deleted=True)

    def update(self, vectors: np.ndarray, keys: np.ndarray) -> None:
        self.index.add_items(vectors, keys, num_threads=1)  # a known label is updated in place

    def remove(self, keys: np.ndarray) -> None:
        for key in keys:
            self.index.mark_deleted(int(key))


class FaissIvf:
    name = "faiss-ivf"

    def __init__(self, dims: int) -> None:
        import faiss

        faiss.omp_set_num_threads(THREADS)
        self.faiss = faiss
        self.dims = dims

    def build(self, vectors: np.ndarray, keys: np.ndarray) -> None:
        lists = max(1, min(IVF_LISTS, len(vectors) // 64))
        self.quantizer = self.faiss.IndexFlatIP(self.dims)
        self.index = self.faiss.IndexIVFFlat(
            self.quantizer, self.dims, lists, self.faiss.METRIC_INNER_PRODUCT
        )
        rows = np.random.default_rng(0).choice(len(vectors), 64 * lists, replace=False)
        sample = vectors[np.sort(rows)]
        self.index.train(sample)
        self.index.add_with_ids(vectors, keys.astype(np.int64))
        self.index.set_direct_map_type(self.faiss.DirectMap.Hashtable)
        self.index.nprobe = IVF_PROBES
        self.faiss.omp_set_num_threads(1)

    def query(self, vector: np.ndarray, n: int) -> np.ndarray:
        _, labels = self.index.search(vector.reshape(1, -1), n)
        return np.asarray(labels[0])

    def add(self, vectors: np.ndarray, keys: np.ndarray) -> None:
        self.index.add_with_ids(vectors, keys.astype(np.int64))

    def update(self, vectors: np.ndarray, keys: np.ndarray) -> None:
        self.index.update_vectors(keys.astype(np.int64), vectors)

    def remove(self, keys: np.ndarray) -> None:
        self.index.remove_ids(self.faiss.IDSelectorArray(keys.astype(np.int64)))


class FaissHnsw:
    """FAISS's HNSW, for build and query speed only: it cannot remove a vector."""

    name = "faiss-hnsw"

    def __init__(self, dims: int) -> None:
        import faiss

        faiss.omp_set_num_threads(THREADS)
        self.faiss = faiss
        self.index = faiss.IndexHNSWFlat(dims, M, faiss.METRIC_INNER_PRODUCT)
        self.index.hnsw.efConstruction = EF_ADD

    def build(self, vectors: np.ndarray, keys: np.ndarray) -> None:
        self.index.add(vectors)  # keys are the row numbers
        self.faiss.omp_set_num_threads(1)

    def query(self, vector: np.ndarray, n: int) -> np.ndarray:
        self.index.hnsw.efSearch = max(n, 64)
        _, labels = self.index.search(vector.reshape(1, -1), n)
        return np.asarray(labels[0])

    def add(self, vectors: np.ndarray, keys: np.ndarray) -> None:
        self.index.add(vectors)

    def update(self, vectors: np.ndarray, keys: np.ndarray) -> None:
        raise NotImplementedError("FAISS HNSW cannot change a stored vector")

    def remove(self, keys: np.ndarray) -> None:
        raise NotImplementedError("FAISS HNSW cannot remove a vector")


def library(name: str, dims: int) -> Library:
    chosen: dict[str, Any] = {
        "usearch": lambda: Usearch(dims),
        "usearch-f16": lambda: Usearch(dims, "f16"),
        "usearch-i8": lambda: Usearch(dims, "i8"),
        "hnswlib": lambda: Hnswlib(dims),
        "faiss-ivf": lambda: FaissIvf(dims),
        "faiss-hnsw": lambda: FaissHnsw(dims),
    }
    if name not in chosen:
        raise SystemExit(f"unknown library {name!r}: one of {', '.join(chosen)}")
    made: Library = chosen[name]()
    return made
