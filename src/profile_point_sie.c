/* profile_point_sie.c: being written (issue 3). */
