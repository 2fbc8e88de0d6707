/* augment.c: rotations by 90 degrees and mirror flips of maps and parameters. The pixel
 * centres x_i = -w + (i + 1/2) d are symmetric about 0, so x -> -x maps pixel i to n - 1 - i
 * exactly and every transform is a permutation of pixels. */
#include "augment.h"

#include <string.h>

/* new(x, y) = old(y, -x): a counter-clockwise rotation by 90 degrees. */
static void rotate_pixels(float *m, int n, float *tmp)
{
    for (int iy = 0; iy < n; ++iy)
        for (int ix = 0; ix < n; ++ix)
            tmp[(size_t)iy * n + ix] = m[(size_t)(n - 1 - ix) * n + iy];
    memcpy(m, tmp, sizeof(float) * (size_t)n * n);
}

/* new(x, y) = old(-x, y) */
static void flip_pixels(float *m, int n)
{
    for (int iy = 0; iy < n; ++iy) {
        float *row = m + (size_t)iy * n;
        for (int ix = 0; ix < n / 2; ++ix) {
            float t = row[ix];
            row[ix] = row[n - 1 - ix];
            row[n - 1 - ix] = t;
        }
    }
}

static void negate(float *m, size_t count)
{
    for (size_t i = 0; m && i < count; ++i)
        m[i] = -m[i];
}

static void rotate_once(lg_map_set *s, int n, float *tmp)
{
    for (int k = 0; k < LG_N_MAPS; ++k)
        if (s->map[k])
            rotate_pixels(s->map[k], n, tmp);
    /* vector: (ax, ay) -> (-ay, ax); spin 2: gamma -> -gamma. The engine always computes
     * both alpha components together, so a set has both or neither. */
    float *ax = s->map[LG_MAP_ALPHA_X], *ay = s->map[LG_MAP_ALPHA_Y];
    const size_t nn = (size_t)n * n;
    if (ax && ay) {
        memcpy(tmp, ax, sizeof(float) * nn);
        for (size_t i = 0; i < nn; ++i) {
            ax[i] = -ay[i];
            ay[i] = tmp[i];
        }
    }
    negate(s->map[LG_MAP_GAMMA1], nn);
    negate(s->map[LG_MAP_GAMMA2], nn);
}

void lg_augment_maps(lg_map_set *s, int n, int rot90, int flip, float *scratch)
{
    for (int k = 0; k < rot90; ++k)
        rotate_once(s, n, scratch);
    if (flip) {
        for (int k = 0; k < LG_N_MAPS; ++k)
            if (s->map[k])
                flip_pixels(s->map[k], n);
        negate(s->map[LG_MAP_ALPHA_X], (size_t)n * n);
        negate(s->map[LG_MAP_GAMMA2], (size_t)n * n);
    }
}

static void rotate_e(double *e1, double *e2)
{
    *e1 = -*e1;
    *e2 = -*e2;
}

void lg_augment_lens(lg_lens *l)
{
    for (int k = 0; k < l->aug_rot90; ++k) {
        const double x = l->center_x;
        l->center_x = -l->center_y;
        l->center_y = x;
        rotate_e(&l->e1, &l->e2);
        rotate_e(&l->sersic_e1, &l->sersic_e2);
        rotate_e(&l->disk_e1, &l->disk_e2);
        rotate_e(&l->src_e1, &l->src_e2);
        const double sx = l->src_x;
        l->src_x = -l->src_y;
        l->src_y = sx;
        for (int i = 0; i < LG_MAX_IMAGES; ++i) {
            const double ix = l->img_x[i];
            l->img_x[i] = -l->img_y[i];
            l->img_y[i] = ix;
        }
        for (int i = 0; i < l->n_clumps; ++i) { /* offsets: vectors (the NaN padding stays) */
            const double cx = l->clump_x[i];
            l->clump_x[i] = -l->clump_y[i];
            l->clump_y[i] = cx;
        }
    }
    if (l->aug_flip) {
        l->center_x = -l->center_x;
        l->e2 = -l->e2;
        l->sersic_e2 = -l->sersic_e2;
        l->disk_e2 = -l->disk_e2;
        l->src_x = -l->src_x;
        l->src_e2 = -l->src_e2;
        for (int i = 0; i < LG_MAX_IMAGES; ++i)
            l->img_x[i] = -l->img_x[i];
        for (int i = 0; i < l->n_clumps; ++i)
            l->clump_x[i] = -l->clump_x[i];
    }
}
