"""The rules engine: rule packs (`packs`), compiled per market (`compile`), checked per record
(`checker`) with evidence from every signal (`conditions`, `matchers/`), words as people write
them (`words`, `folding`), scored on the case corpus (`evaluate`), and the optional AI second
opinion (`ai`). The human-review workflow that reads its findings is `localize.review`.
Import the submodules you need; this package imports nothing heavy."""
