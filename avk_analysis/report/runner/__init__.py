"""Runner: the yearly run, from the build to the published edition in ``reports/<jaar>/``.

``run`` drives it: page families (``families``, ``params``) become jobs (``jobs``), which a pool
of workers executes (``execute``) in fresh kernels (``kernels``, ``kernel_starter``), staged and
swapped in atomically (``staging``), made again only when their inputs changed (``manifest``,
``incremental``); ``failures``, ``messages``, ``phases`` and ``processes`` say what happened.
The runner may import every layer, the chapters and publishing; nothing imports the runner but
the command line (``avk_analysis.cli``).
"""
