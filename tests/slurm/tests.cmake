# The slurm/ batch scripts on a real, local Slurm (munged, slurmctld, slurmd started and stopped
# by the script; slurm-wlm and munge installed with apt-get when missing). Needs root: skipped
# (exit 77) otherwise. Run alone: `ctest -L slurm`.
add_test(NAME slurm_cpu_sbatch
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/slurm/run_slurm_test.sh $<TARGET_FILE:lensgen>
                 ${CMAKE_SOURCE_DIR} ${CMAKE_CURRENT_BINARY_DIR}/slurm-work)
set_tests_properties(slurm_cpu_sbatch PROPERTIES TIMEOUT 240 LABELS slurm RUN_SERIAL TRUE
                     SKIP_RETURN_CODE 77)
