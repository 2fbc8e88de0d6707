/* fault.h: failure injection for the tests that prove a failure on one rank never hangs the
 * others. Compiled in only with -DLENSGEN_FAULTS=ON (the ci and debug presets): then
 * LENSGEN_FAULT="POINT:RANK" makes POINT fail on MPI rank RANK. Points: alloc (batch buffers),
 * create (the output file), compute (a backend stage), write (a batch), sync (a checkpoint),
 * close. */
#ifndef LG_FAULT_H
#define LG_FAULT_H

#ifdef LG_FAULTS
/* 1 when LENSGEN_FAULT names this point and this rank. */
int lg_fault(const char *point);
#else
static inline int lg_fault(const char *point)
{
    (void)point;
    return 0;
}
#endif

#endif
