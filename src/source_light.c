/* source_light.c: the Sersic and the Gaussian clumps of the lensed-image source
 * (source_light.h). */
#include "source_light.h"

#include <math.h>

#include "constants.h"
#include "profile_eval.h"

lg_sersic_light lg_source_light(const lg_lens *l)
{
    lg_sersic_light s = {
        .amp = l->src_amp, .r_e = l->src_r_e, .n = l->src_n, .cx = l->src_x, .cy = l->src_y};
    double phi;
    lg_ellipticity_to_q_phi(l->src_e1, l->src_e2, &s.q, &phi);
    s.inv_n = 1.0 / s.n;
    s.b_n = lg_sersic_b_n(s.n);
    s.cos_phi = cos(phi);
    s.sin_phi = sin(phi);
    return s;
}

double lg_sersic_light_at(const lg_sersic_light *s, double x, double y)
{
    const double dx = x - s->cx, dy = y - s->cy;
    const double xp = s->cos_phi * dx + s->sin_phi * dy, yp = -s->sin_phi * dx + s->cos_phi * dy;
    const double r = sqrt(s->q * xp * xp + yp * yp / s->q) / s->r_e;
    return s->amp * exp(-s->b_n * (pow(r, s->inv_n) - 1.0));
}

double lg_sersic_total(double amp, double r_e, double n, double b_n)
{
    return amp * r_e * r_e * 2.0 * LG_PI * n * exp(b_n + lgamma(2.0 * n) - 2.0 * n * log(b_n));
}

lg_clump_light lg_clump_light_make(double cx, double cy, double sigma, double rate)
{
    const double s2 = sigma * sigma;
    return (lg_clump_light){
        .cx = cx, .cy = cy, .peak = rate / (2.0 * LG_PI * s2), .inv_2s2 = 0.5 / s2};
}

lg_source lg_source_of(const lg_lens *l, double zero_point)
{
    lg_source s = {.sersic = lg_source_light(l), .n_clumps = l->n_clumps};
    for (int k = 0; k < l->n_clumps; ++k)
        s.clump[k] = lg_clump_light_make(l->src_x + l->clump_x[k], l->src_y + l->clump_y[k],
                                         l->clump_sigma[k],
                                         pow(10.0, -0.4 * (l->clump_mag[k] - zero_point)));
    return s;
}
