"""The bundled model as a Chroma embedding function: registered by name, rebuilt from its config, and
imported only where a collection is opened (a server searching in memory never imports chromadb)."""

from __future__ import annotations

import subprocess
import sys

from warmline.knowledge.chroma._function import MiniLMChromaFunction


def test_chroma_function_is_registered_by_name() -> None:
    from chromadb.utils.embedding_functions import known_embedding_functions

    assert known_embedding_functions[MiniLMChromaFunction.name()] is MiniLMChromaFunction
    rebuilt = MiniLMChromaFunction.build_from_config(MiniLMChromaFunction().get_config())
    assert len(rebuilt(["hello"])[0]) == 384


def test_importing_the_knowledge_package_does_not_import_chromadb() -> None:
    code = "import sys, warmline.knowledge, warmline.runtime.services; print('chromadb' in sys.modules)"
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert found.strip() == "False"
