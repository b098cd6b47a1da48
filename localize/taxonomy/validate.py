"""`localize taxonomy validate FILE`: which kind of file it is, and every problem in it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .attributes import load_attribute_mapping
from .errors import TaxonomyError
from .loader import load_taxonomy, resolve_taxonomy_path
from .mapping import load_mapping
from .yamlfile import load_yaml


def kind_of(path: Path) -> str:
    """taxonomy | mapping | attributes, from the file's content (CSV files are category mappings)."""
    if path.suffix.lower() in (".csv", ".tsv"):
        return "mapping"

    data, _ = load_yaml(path, "file")
    if isinstance(data, dict):
        if isinstance(data.get("categories"), list) or "attributes" in data and isinstance(data.get("attributes"), list):
            return "taxonomy"
        if isinstance(data.get("attributes"), dict) or "values" in data:
            return "attributes"
        if any(k in data for k in ("categories", "rules", "accepted")):
            return "mapping"
    raise TaxonomyError(f"{path}: not a taxonomy, category mapping or attribute mapping file",
                        hint="a taxonomy has `categories:` as a list; a mapping has `categories:`/`rules:`/`accepted:`; "
                             "an attribute mapping has `attributes:` as a mapping")


def _taxonomy_for(path: Path, taxonomy: str | None) -> Any:
    if taxonomy is None and path.suffix.lower() not in (".csv", ".tsv"):
        data, _ = load_yaml(path, "file")
        ref = data.get("taxonomy") if isinstance(data, dict) else None
        if isinstance(ref, str) and (ref == "default" or ref.endswith((".yaml", ".yml"))):
            return load_taxonomy(resolve_taxonomy_path(ref, path.parent))
    return load_taxonomy(resolve_taxonomy_path(taxonomy or "default", Path.cwd()))


def validate_file(path: Path, taxonomy: str | None = None) -> dict[str, Any]:
    """Figures of a valid file; raises TaxonomyError with every problem otherwise."""
    kind = kind_of(path)
    if kind == "taxonomy":
        tax = load_taxonomy(path)
        return {"kind": "taxonomy", "name": tax.name, "version": tax.version, "categories": len(tax),
                "attributes": len(tax.attributes), "locales": list(tax.label_keys)}
    tax = _taxonomy_for(path, taxonomy)
    if kind == "mapping":
        mapping = load_mapping(path, tax)
        return {"kind": "category mapping", "taxonomy": tax.name, "explicit": len(mapping.explicit),
                "rules": len(mapping.rules), "accepted": len(mapping.accepted)}
    mapper = load_attribute_mapping(path, tax)
    return {"kind": "attribute mapping", "taxonomy": tax.name, "attributes": len(mapper.explicit),
            "values": sum(len(v) for v in mapper.values.values())}
