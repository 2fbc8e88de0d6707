/* profile_nfw.c: being written (issue 3). */
