/* tnfw_probe.c: every lensing quantity of one truncated-NFW component (src/profile_tnfw.c) at
 * points, in double precision, for validation/tnfw_lenstronomy/run.py (the truncated NFW is no
 * deck profile yet, so `lensgen probe` cannot reach it).
 *
 *     lensgen_tnfw_probe KAPPA_S THETA_S TAU CX CY < points
 *
 * stdin: one "x y" (arcsec) a line; stdout: "x y kappa alpha_x alpha_y gamma1 gamma2 psi" a
 * line, %.17g. Exit 1 on bad arguments. */
#include <stdio.h>
#include <stdlib.h>

#include "lens_model.h"

int main(int argc, char **argv)
{
    if (argc != 6) {
        fprintf(stderr, "usage: %s KAPPA_S THETA_S TAU CX CY < points\n", argv[0]);
        return 1;
    }
    lg_component c = {.type = LG_COMP_TNFW, .q = 1.0};
    c.kappa_s = atof(argv[1]);
    c.theta_s = atof(argv[2]);
    c.tau = atof(argv[3]);
    c.cx = atof(argv[4]);
    c.cy = atof(argv[5]);
    if (!(c.kappa_s > 0.0 && c.theta_s > 0.0 && c.tau > 0.0)) {
        fprintf(stderr, "%s: kappa_s, theta_s and tau must be > 0\n", argv[0]);
        return 1;
    }
    double x, y;
    while (scanf("%lf %lf", &x, &y) == 2) {
        lg_lensq q = {0, 0, 0, 0, 0, 0};
        lg_component_eval(&c, x, y, &q);
        printf("%.17g %.17g %.17g %.17g %.17g %.17g %.17g %.17g\n", x, y, q.kappa, q.alpha_x,
               q.alpha_y, q.gamma1, q.gamma2, q.psi);
    }
    return 0;
}
