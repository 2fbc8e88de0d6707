# The slurm/ batch scripts on a real, local Slurm: the one scripts/local-slurm.sh sets up (an
# install step: `bash scripts/local-slurm.sh install && bash scripts/local-slurm.sh start`, as
# root; .ci/run does it). The test installs nothing and starts no daemon: without that Slurm it
# is skipped (exit 77) and says so. Run alone: `ctest -L slurm`.
add_test(NAME slurm_cpu_sbatch
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/slurm/run_slurm_test.sh $<TARGET_FILE:lensgen>
                 ${CMAKE_SOURCE_DIR} ${CMAKE_CURRENT_BINARY_DIR}/slurm-work)
set_tests_properties(slurm_cpu_sbatch PROPERTIES TIMEOUT 240 LABELS slurm RUN_SERIAL TRUE
                     SKIP_RETURN_CODE 77)
