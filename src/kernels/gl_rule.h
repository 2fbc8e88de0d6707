/* gl_rule.h: a Gauss-Legendre rule on [0, 1] as plain data (made on the host from GSL's tables,
 * gauss_legendre.c), so device kernels can take it by value. */
#ifndef LG_GL_RULE_H
#define LG_GL_RULE_H

#define LG_GL_UNIT_MAX 16

/* n nodes x[i] in (0, 1), ascending, and weights w[i] summing to 1. */
typedef struct {
    int n;
    double x[LG_GL_UNIT_MAX], w[LG_GL_UNIT_MAX];
} lg_gl_rule;

#endif
