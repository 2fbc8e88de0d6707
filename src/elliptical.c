/* elliptical.c: being written (issue 3). */
