# Scaling studies (issue 5, item 3): scripts/scaling.py runs a tiny strong and weak series on 1
# and 2 ranks, and tests/scaling/check_scaling.py checks the summary CSV (rows, N, samples per
# rank adding up to N), the timing CSVs, the PNGs, --from-csv and the --slurm --dry-run lines.
# batch_size=50: ranks get whole batches, so N=200 in batches of 50 keeps both ranks busy.
# Included from tests/CMakeLists.txt, so CMAKE_CURRENT_SOURCE_DIR is tests/.
lensgen_mpi_test(NAME scaling_smoke RANKS 2 TIMEOUT 180 ENVIRONMENT MPLBACKEND=Agg
                 COMMAND ${LENSGEN_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/scaling/check_scaling.py
                 --script ${CMAKE_SOURCE_DIR}/scripts/scaling.py
                 --lensgen $<TARGET_FILE:lensgen>
                 --mpirun ${MPIEXEC_EXECUTABLE}
                 --deck ${CMAKE_SOURCE_DIR}/input/bench.deck
                 --n 200 --n-per-rank 100 --ranks 1,2 --set batch_size=50
                 --out ${CMAKE_CURRENT_BINARY_DIR}/scaling_smoke)
