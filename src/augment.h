/* augment.h: data augmentation by the symmetries of the pixel grid: rotation by k x 90 degrees
 * (counter-clockwise) and then, optionally, the mirror x -> -x. Maps and the orientation
 * parameters (centre, ellipticities) transform together: scalars (kappa, psi, mu) move their
 * pixels; the deflection rotates as a vector; the shear and (e1, e2) as spin-2 quantities. */
#ifndef LG_AUGMENT_H
#define LG_AUGMENT_H

#include "derived_maps.h"
#include "lens.h"

/* Transform the maps of one sample in place (NULL maps skipped; alpha_x and alpha_y must be
 * both present or both absent); scratch holds npix^2 floats. */
void lg_augment_maps(lg_map_set *maps, int npix, int rot90, int flip, float *scratch);

/* Transform the lens's centre and ellipticities by l->aug_rot90 and l->aug_flip. */
void lg_augment_lens(lg_lens *l);

#endif
