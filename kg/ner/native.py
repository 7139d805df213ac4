"""crfsuite's own tagger, given feature ids instead of feature names, through its C API.

python-crfsuite's :meth:`pycrfsuite.Tagger.set` takes the features of every character
as strings and turns each into an attribute id; for this recognizer that conversion
cost as much as computing the features. The C library underneath (CRFsuite 0.12,
built into python-crfsuite's extension module, its API in ``crfsuite.h`` unchanged
since 2011) takes a sequence of items of attribute ids. This module calls that API
with :mod:`ctypes`: :class:`Model` opens a model from its bytes and reads its label and
attribute names from the model's dictionaries; :class:`Tagger` tags sequences packed
by :func:`pack` (the ids of :class:`kg.ner.features.FeatureIds`) and gives crfsuite's
marginals. Labels, scores and marginals are crfsuite's own, bit for bit.

Where the extension module does not export the C functions (a build that hides its
symbols), :func:`available` is False and the recognizer hands feature names to
:mod:`pycrfsuite` instead: the same labels, at about half the speed.
"""

from __future__ import annotations

import ctypes
import threading
import weakref
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from kg.errors import KGError

__all__ = ["Model", "NativeError", "Packed", "Tagger", "available", "pack"]


class NativeError(KGError):
    """crfsuite's C API could not be used (symbols missing, or a model it cannot read)."""


class _Attribute(ctypes.Structure):
    _fields_ = [("aid", ctypes.c_int), ("value", ctypes.c_double)]


class _Item(ctypes.Structure):
    _fields_ = [
        ("num_contents", ctypes.c_int),
        ("cap_contents", ctypes.c_int),
        ("contents", ctypes.c_void_p),
    ]


class _Instance(ctypes.Structure):
    _fields_ = [
        ("num_items", ctypes.c_int),
        ("cap_items", ctypes.c_int),
        ("items", ctypes.c_void_p),
        ("labels", ctypes.c_void_p),
        ("weight", ctypes.c_double),
        ("group", ctypes.c_int),
    ]


class _Dictionary(ctypes.Structure):
    pass


class _TaggerStruct(ctypes.Structure):
    pass


class _ModelStruct(ctypes.Structure):
    pass


_DictionaryP = ctypes.POINTER(_Dictionary)
_TaggerP = ctypes.POINTER(_TaggerStruct)
_ModelP = ctypes.POINTER(_ModelStruct)
_Int = ctypes.c_int
_DoubleP = ctypes.POINTER(ctypes.c_double)
_Dictionary._fields_ = [
    ("internal", ctypes.c_void_p),
    ("nref", _Int),
    ("addref", ctypes.CFUNCTYPE(_Int, _DictionaryP)),
    ("release", ctypes.CFUNCTYPE(_Int, _DictionaryP)),
    ("get", ctypes.CFUNCTYPE(_Int, _DictionaryP, ctypes.c_char_p)),
    ("to_id", ctypes.CFUNCTYPE(_Int, _DictionaryP, ctypes.c_char_p)),
    ("to_string", ctypes.CFUNCTYPE(_Int, _DictionaryP, _Int, ctypes.POINTER(ctypes.c_char_p))),
    ("num", ctypes.CFUNCTYPE(_Int, _DictionaryP)),
    ("free", ctypes.CFUNCTYPE(None, _DictionaryP, ctypes.c_char_p)),
]
_TaggerStruct._fields_ = [
    ("internal", ctypes.c_void_p),
    ("nref", _Int),
    ("addref", ctypes.CFUNCTYPE(_Int, _TaggerP)),
    ("release", ctypes.CFUNCTYPE(_Int, _TaggerP)),
    ("set", ctypes.CFUNCTYPE(_Int, _TaggerP, ctypes.POINTER(_Instance))),
    ("length", ctypes.CFUNCTYPE(_Int, _TaggerP)),
    ("viterbi", ctypes.CFUNCTYPE(_Int, _TaggerP, ctypes.c_void_p, _DoubleP)),
    ("score", ctypes.c_void_p),
    ("lognorm", ctypes.c_void_p),
    ("marginal_point", ctypes.CFUNCTYPE(_Int, _TaggerP, _Int, _Int, _DoubleP)),
    ("marginal_path", ctypes.c_void_p),
]
_ModelStruct._fields_ = [
    ("internal", ctypes.c_void_p),
    ("nref", _Int),
    ("addref", ctypes.CFUNCTYPE(_Int, _ModelP)),
    ("release", ctypes.CFUNCTYPE(_Int, _ModelP)),
    ("get_tagger", ctypes.CFUNCTYPE(_Int, _ModelP, ctypes.POINTER(_TaggerP))),
    ("get_labels", ctypes.CFUNCTYPE(_Int, _ModelP, ctypes.POINTER(_DictionaryP))),
    ("get_attrs", ctypes.CFUNCTYPE(_Int, _ModelP, ctypes.POINTER(_DictionaryP))),
    ("dump", ctypes.c_void_p),
]

# numpy views of crfsuite_attribute_t and crfsuite_item_t, to pack sequences in bulk.
_ATTRIBUTE = np.dtype([("aid", np.intc), ("value", np.double)], align=True)
_ITEM = np.dtype([("num", np.intc), ("cap", np.intc), ("contents", np.uintp)], align=True)


@lru_cache(maxsize=1)
def _library() -> ctypes.CDLL | None:
    """Return python-crfsuite's extension module as a C library, or None without the API."""
    if _ATTRIBUTE.itemsize != ctypes.sizeof(_Attribute) or _ITEM.itemsize != ctypes.sizeof(_Item):
        return None  # numpy and the C compiler lay the structures out differently
    try:
        from pycrfsuite import _pycrfsuite

        library = ctypes.CDLL(_pycrfsuite.__file__)
        create = library.crfsuite_create_instance_from_memory
    except (ImportError, OSError, AttributeError):
        return None
    create.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.POINTER(_ModelP)]
    create.restype = _Int
    return library


def available() -> bool:
    """Return whether crfsuite's C API can be reached (python-crfsuite exports it)."""
    return _library() is not None


def _names(dictionary: ctypes._Pointer[_Dictionary]) -> tuple[str, ...]:
    """Return every string of a crfsuite dictionary, in id order, and release it."""
    table = dictionary.contents
    text = ctypes.c_char_p()
    out = []
    try:
        for i in range(table.num(dictionary)):
            if table.to_string(dictionary, i, ctypes.byref(text)) != 0 or text.value is None:
                raise NativeError(f"crfsuite's dictionary has no string for id {i}")
            out.append(text.value.decode("utf-8"))
            table.free(dictionary, text)
    finally:
        table.release(dictionary)
    return tuple(out)


def _release_model(
    model: ctypes._Pointer[_ModelStruct], buffer: ctypes.Array[ctypes.c_char]
) -> None:
    """Release a model; ``buffer``, which it reads in place, is kept alive until then."""
    model.contents.release(model)
    del buffer


class Model:
    """A crfsuite model opened from its bytes through the C API.

    Args:
        data: The bytes of a ``.crfsuite`` file.

    Raises:
        NativeError: The C API is not available, or crfsuite cannot read ``data``.
    """

    def __init__(self, data: bytes) -> None:
        library = _library()
        if library is None:
            raise NativeError("python-crfsuite does not export crfsuite's C API")
        # crfsuite reads the model in place: the buffer lives as long as the model.
        self._buffer = ctypes.create_string_buffer(data, len(data))
        model = _ModelP()
        status = library.crfsuite_create_instance_from_memory(
            self._buffer, len(data), ctypes.byref(model)
        )
        if status != 0 or not model:
            raise NativeError(f"crfsuite cannot read this model (status {status})")
        self._model = model
        weakref.finalize(self, _release_model, model, self._buffer).atexit = False
        labels = _DictionaryP()
        if model.contents.get_labels(model, ctypes.byref(labels)) != 0:
            raise NativeError("crfsuite gave no label dictionary")
        self.labels = _names(labels)
        self._local = threading.local()

    def attributes(self) -> tuple[str, ...]:
        """Return the names of the model's attributes (features), in id order."""
        attributes = _DictionaryP()
        if self._model.contents.get_attrs(self._model, ctypes.byref(attributes)) != 0:
            raise NativeError("crfsuite gave no attribute dictionary")
        return _names(attributes)

    def tagger(self) -> Tagger:
        """Return this thread's tagger of the model (crfsuite taggers are not shared)."""
        tagger: Tagger | None = getattr(self._local, "tagger", None)
        if tagger is None:
            pointer = _TaggerP()
            if self._model.contents.get_tagger(self._model, ctypes.byref(pointer)) != 0:
                raise NativeError("crfsuite gave no tagger")
            tagger = self._local.tagger = Tagger(self, pointer)
        return tagger


@dataclass(frozen=True)
class Packed:
    """Sequences of items in crfsuite's memory layout (see :func:`pack`).

    Attributes:
        contents: Every character's attributes (``crfsuite_attribute_t``), in order.
        items: One ``crfsuite_item_t`` per character, pointing into ``contents``.
        lengths: The length of each sequence; they cover the items in order.
    """

    contents: np.ndarray
    items: np.ndarray
    lengths: list[int]


def pack(
    columns: np.ndarray,
    counts: np.ndarray,
    ids: np.ndarray,
    at: np.ndarray,
    extra: np.ndarray,
    lengths: np.ndarray,
    unknown: int,
) -> Packed:
    """Lay out the feature ids of a run of sequences as crfsuite items.

    Args:
        columns: ``(templates, characters)`` ids, one per template per character.
        counts: How many of ``ids`` each character has.
        ids: The variable features of the characters, in order.
        at: The character of each sparse feature.
        extra: The id of each sparse feature.
        lengths: The length of each sequence.
        unknown: The id that stands for a feature the model lacks (left out).
    """
    size = columns.shape[1]
    chars = np.concatenate(
        [np.tile(np.arange(size), columns.shape[0]), np.repeat(np.arange(size), counts), at]
    )
    features = np.concatenate([columns.ravel(), ids, extra])
    known = features != unknown
    chars, features = chars[known], features[known]
    order = np.argsort(chars, kind="stable")
    contents = np.empty(features.size, _ATTRIBUTE)
    contents["aid"] = features[order]
    contents["value"] = 1.0
    per_char = np.bincount(chars, minlength=size)
    items = np.empty(size, _ITEM)
    items["num"] = per_char
    items["cap"] = per_char
    starts = np.cumsum(per_char) - per_char
    items["contents"] = contents.ctypes.data + starts * _ATTRIBUTE.itemsize
    return Packed(contents, items, lengths.tolist())


class Tagger:
    """crfsuite's tagger for one model, used by one thread (see :meth:`Model.tagger`)."""

    def __init__(self, model: Model, pointer: ctypes._Pointer[_TaggerStruct]) -> None:
        self._model = model  # keeps the model (and its buffer) alive
        self._pointer = pointer
        self._table = pointer.contents
        self._instance = _Instance()
        self._score = ctypes.c_double()
        self._probability = ctypes.c_double()
        weakref.finalize(self, self._table.release, pointer).atexit = False

    def tag(self, packed: Packed, start: int, size: int, out: np.ndarray) -> None:
        """Set the sequence of ``size`` items from item ``start`` and write its labels.

        After this call :meth:`marginal` reads the marginals of this sequence.

        Args:
            packed: The items (:func:`pack`).
            start: The first item of the sequence.
            size: Its length (at least 1).
            out: An ``intc`` array receiving the Viterbi label ids at ``start``.
        """
        instance = self._instance
        instance.num_items = instance.cap_items = size
        instance.items = packed.items.ctypes.data + start * _ITEM.itemsize
        table, pointer = self._table, self._pointer
        if table.set(pointer, ctypes.byref(instance)) != 0:
            raise NativeError("crfsuite could not set the sequence")
        labels = out.ctypes.data + start * out.itemsize
        if table.viterbi(pointer, labels, ctypes.byref(self._score)) != 0:
            raise NativeError("crfsuite could not decode the sequence")

    def marginal(self, label: int, position: int) -> float:
        """Return P(label at ``position``) in the sequence last tagged."""
        self._table.marginal_point(self._pointer, label, position, ctypes.byref(self._probability))
        return self._probability.value
