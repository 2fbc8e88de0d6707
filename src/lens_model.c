/* lens_model.c: translate and rotate into each component's frame, evaluate, rotate back, add. */
#include "lens_model.h"

#include <math.h>

#include "profile_eval.h"

typedef void (*eval_fn)(const lg_component *, double, double, lg_lensq *);

static const eval_fn eval_of[LG_N_COMPONENT_TYPES] = {
    [LG_COMP_POINT] = lg_point_eval, [LG_COMP_SIS] = lg_sis_eval,
    [LG_COMP_SIE] = lg_sie_eval,     [LG_COMP_NFW] = lg_nfw_eval,
    [LG_COMP_CNFW] = lg_cnfw_eval,   [LG_COMP_SERSIC] = lg_sersic_eval,
    [LG_COMP_TNFW] = lg_tnfw_eval,
};

void lg_component_eval(const lg_component *c, double x, double y, lg_lensq *out)
{
    const double cp = cos(c->phi), sp = sin(c->phi);
    const double dx = x - c->cx, dy = y - c->cy;
    const double xp = cp * dx + sp * dy, yp = -sp * dx + cp * dy;
    lg_lensq q = {0, 0, 0, 0, 0, 0};
    eval_of[c->type](c, xp, yp, &q);
    /* alpha is a vector, the shear a spin-2 field: rotate by phi and 2 phi */
    const double c2 = cp * cp - sp * sp, s2 = 2.0 * sp * cp;
    out->kappa += q.kappa;
    out->psi += q.psi;
    out->alpha_x += cp * q.alpha_x - sp * q.alpha_y;
    out->alpha_y += sp * q.alpha_x + cp * q.alpha_y;
    out->gamma1 += c2 * q.gamma1 - s2 * q.gamma2;
    out->gamma2 += s2 * q.gamma1 + c2 * q.gamma2;
}

void lg_lens_model_eval(const lg_lens_model *m, double x, double y, lg_lensq *out)
{
    lg_lensq zero = {0, 0, 0, 0, 0, 0};
    *out = zero;
    for (int i = 0; i < m->n; ++i)
        lg_component_eval(&m->c[i], x, y, out);
    if (m->halos.sheet != 0.0) { /* kappa = -s: alpha = -s r, psi = -s r^2 / 2, no shear */
        const double s = m->halos.sheet, dx = x - m->halos.sheet_cx, dy = y - m->halos.sheet_cy;
        out->kappa -= s;
        out->alpha_x -= s * dx;
        out->alpha_y -= s * dy;
        out->psi -= 0.5 * s * (dx * dx + dy * dy);
    }
    for (int i = 0; i < m->halos.n; ++i)
        for (int j = 0; j < 2; ++j) {
            lg_component c;
            if (lg_halo_component(&m->halos, i, j, &c))
                lg_component_eval(&c, x, y, out);
        }
}

int lg_halo_component(const lg_halo_list *h, int i, int j, lg_component *c)
{
    const double core = h->core ? h->core[i] : 0.0;
    if (j == 1 && !(core > 0.0))
        return 0;
    *c = (lg_component){0};
    c->type = LG_COMP_TNFW;
    c->q = 1.0;
    c->cx = h->x[i];
    c->cy = h->y[i];
    /* the core: same kappa_s and truncation radius, scale core theta_s, subtracted */
    c->kappa_s = j ? -h->kappa_s[i] : h->kappa_s[i];
    c->theta_s = j ? core * h->theta_s[i] : h->theta_s[i];
    c->tau = j ? h->tau[i] / core : h->tau[i];
    return 1;
}

void lg_circular_fill(double kappa, double alpha_r, double psi, double xp, double yp, lg_lensq *out)
{
    const double r = hypot(xp, yp), c = xp / r, s = yp / r;
    const double gamma = alpha_r / r - kappa;
    out->alpha_x = alpha_r * c;
    out->alpha_y = alpha_r * s;
    out->gamma1 = -gamma * (c * c - s * s);
    out->gamma2 = -gamma * 2.0 * c * s;
    out->psi = psi;
}

double lg_magnification(const lg_lensq *q)
{
    const double det =
        (1.0 - q->kappa) * (1.0 - q->kappa) - q->gamma1 * q->gamma1 - q->gamma2 * q->gamma2;
    return 1.0 / det;
}
