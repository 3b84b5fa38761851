"""经销商市场操作手册: the engine behind the playbook site.

Data flows one way, one layer per subpackage (each may import only the layers
listed below it; `.importlinter` enforces it):

    cli | engines   the editors' command | MkDocs, Material, Zensical glue
    build           validate everything, prepare one build, the preview
    render          templates, the page renderer, the HTML policy
    views           learning paths, quizzes, changes, history, open questions
    checks          cross-file checks over the catalogue
    source          project files, strict YAML, the catalogue, pages, git
    core            models, problems, text helpers, decision tables

`macros/` registers the macros and hooks for MkDocs and stays thin.
"""
