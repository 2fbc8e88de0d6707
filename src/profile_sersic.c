/* profile_sersic.c: being written (issue 3). */
