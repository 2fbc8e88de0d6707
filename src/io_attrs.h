/* io_attrs.h: HDF5 helpers of the I/O module (io_hdf5.c): attributes, datasets, provenance. */
#ifndef LG_IO_ATTRS_H
#define LG_IO_ATTRS_H

#include <hdf5.h>

#include "config.h"
#include "provenance.h"

/* Variable-length UTF-8 string attribute (h5py: str). Return 0, or -1 on failure. */
int lg_h5_attr_str(hid_t loc, const char *name, const char *value);
/* Attribute 'names': the names of a "a|b|c" list as an array of strings. */
int lg_h5_attr_names(hid_t loc, const char *choices);
/* Attribute: an array of n strings (h5py: numpy array of str); string i at strings + i *
 * stride. */
int lg_h5_attr_str_array(hid_t loc, const char *name, const char *strings, size_t stride,
                         hsize_t n);
/* Numeric attribute: a scalar when n == 0, else a 1-D array of n values. */
int lg_h5_attr_num(hid_t loc, const char *name, hid_t type, const void *v, hsize_t n);

/* A dataset allocated at creation with units and description; maps may be chunked and
 * compressed (cfg; NULL for other datasets). Returns its id, or a negative value. */
hid_t lg_h5_make_dataset_io(hid_t loc, const char *name, hid_t type, int rank, const hsize_t *dims,
                            const char *unit, const char *help, const lg_config *cfg);
hid_t lg_h5_make_dataset(hid_t loc, const char *name, hid_t type, int rank, const hsize_t *dims,
                         const char *unit, const char *help);

/* A variable-length string attribute of file/object into out. Returns 0, or -1 if missing. */
int lg_h5_read_attr_str(hid_t file, const char *object, const char *name, char *out, size_t size);

/* /provenance: build, run and deck facts, the backends and devices, every resolved key, the
 * deck's notes. */
int lg_h5_write_provenance(hid_t file, const lg_config *cfg, const char *deck_text,
                           const char *deck_file, const lg_provenance *p);

/* Pixel scale, half width and layout of a map dataset; *rc |= failure. */
void lg_h5_maps_attrs(hid_t d, const lg_config *cfg, int *rc);

#endif
