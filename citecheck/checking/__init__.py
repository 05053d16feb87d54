"""One check run, in parts: the link check, the soft-404 probe cache, offline detection
and the finish step (archive, moved-page search, judging), put together by
:class:`citecheck.checking.run.CheckRun` behind ``citecheck.check``."""
