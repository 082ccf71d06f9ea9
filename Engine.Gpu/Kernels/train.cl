/* word2vec's training step for a GPU, in the C subset shared by OpenCL C and CUDA C (a prelude per backend
   defines KERNEL, DEVICE, GLOBAL, LOCAL_ARRAY, LOCAL_PTR, BARRIER, LOCAL_ID, GROUP_ID and i64; the host defines
   SIZE, WINDOW, NEGATIVE, HS, CBOW, WG, DPT, MAX_EXP, EXP_SCALE, MAX_CODE_LENGTH, TABLE_SIZE and BUCKET_BITS).
   One work-group trains one sentence, position by position, as a thread of word2vec.c does; its WG work-items
   each own DPT dimensions of the vectors (dimension i belongs to item i % WG), so updates need no
   synchronisation inside the group, and dot products are reduced in local memory. Groups update the shared
   matrices without locks (Hogwild). Each sentence has its own stream of C's generator, seeded with
   seed_base + its index in the batch, for the window shrink and the negative draws; its learning rate comes
   from the host (the engine's schedule at the words read before it). */
/* Every barrier below is reached by all work-items of the group on every pass: loops have uniform trip
   counts and there is no early continue or return around a barrier (some OpenCL CPU compilers miscompile
   barriers under such control flow). */
DEVICE float group_sum(LOCAL_PTR float* red, float v, int lid)
{
    red[lid] = v;
    BARRIER();
    for (int s = WG / 2; s > 0; s >>= 1) {
        if (lid < s) red[lid] += red[lid + s];
        BARRIER();
    }
    float r = red[0];
    BARRIER();
    return r;
}

/* The sigmoid table's index of f, as the engine computes it: in range for every f the callers pass, and 0 for NaN
   (a diverging run), so that a NaN never reads outside the table. */
DEVICE int sigmoid_index(float f)
{
    if (!(f == f)) return 0;
    int i = (int)((f + MAX_EXP) * EXP_SCALE);
    return i < 0 ? 0 : (i > 2 * MAX_EXP * EXP_SCALE ? 2 * MAX_EXP * EXP_SCALE : i);
}

DEVICE int draw_negative(GLOBAL const int* tstart, GLOBAL const int* tbucket, ulong r)
{
    int slot = (int)((r >> 16) % (ulong)TABLE_SIZE);
    int b = slot >> BUCKET_BITS;
    int lo = tbucket[b], hi = tbucket[b + 1];
    while (lo < hi) {
        int mid = (lo + hi + 1) >> 1;
        if (tstart[mid] <= slot) lo = mid; else hi = mid - 1;
    }
    return lo;
}

/* Hierarchical softmax for one target word: h is the hidden layer, e accumulates its error. */
DEVICE void hs_update(GLOBAL float* syn1, GLOBAL const float* exp_table, GLOBAL const uchar* codes,
    GLOBAL const int* points, int clen, int word, const float* h, float* e, float alpha, LOCAL_PTR float* red, int lid)
{
    for (int d = 0; d < clen; d++) {
        GLOBAL float* l2 = syn1 + (i64)points[(i64)word * MAX_CODE_LENGTH + d] * SIZE;
        float p = 0;
        for (int k = 0; k < DPT; k++) { int i = lid + k * WG; if (i < SIZE) p += h[k] * l2[i]; }
        float f = group_sum(red, p, lid);
        if (f > -MAX_EXP && f < MAX_EXP) {
            f = exp_table[sigmoid_index(f)];
            float g = (1 - codes[(i64)word * MAX_CODE_LENGTH + d] - f) * alpha;
            for (int k = 0; k < DPT; k++) {
                int i = lid + k * WG;
                if (i < SIZE) { e[k] += g * l2[i]; l2[i] += g * h[k]; }
            }
        }
    }
}

/* Negative sampling for one target word, drawing from the sentence's generator; returns its new state. */
DEVICE ulong ns_update(GLOBAL float* syn1neg, GLOBAL const float* exp_table, GLOBAL const int* tstart,
    GLOBAL const int* tbucket, int word, int vocab_size, ulong rnd, const float* h, float* e, float alpha,
    LOCAL_PTR float* red, int lid)
{
    for (int d = 0; d < NEGATIVE + 1; d++) {
        int target = word, label = 1;
        if (d > 0) {
            rnd = rnd * 25214903917UL + 11UL;
            target = draw_negative(tstart, tbucket, rnd);
            if (target == 0) target = (int)(rnd % (ulong)(vocab_size - 1)) + 1;
            label = 0;
        }
        int skip = d > 0 && target == word;
        GLOBAL float* l2 = syn1neg + (i64)target * SIZE;
        float p = 0;
        if (!skip) for (int k = 0; k < DPT; k++) { int i = lid + k * WG; if (i < SIZE) p += h[k] * l2[i]; }
        float f = group_sum(red, p, lid);
        if (!skip) {
            float g;
            if (f > MAX_EXP) g = (label - 1) * alpha;
            else if (f < -MAX_EXP) g = (label - 0) * alpha;
            else g = (label - exp_table[sigmoid_index(f)]) * alpha;
            for (int k = 0; k < DPT; k++) {
                int i = lid + k * WG;
                if (i < SIZE) { e[k] += g * l2[i]; l2[i] += g * h[k]; }
            }
        }
    }
    return rnd;
}

/* Both output layers for one (hidden, target word) pair. */
DEVICE ulong output_update(GLOBAL float* syn1, GLOBAL float* syn1neg, GLOBAL const float* exp_table,
    GLOBAL const uchar* codes, GLOBAL const int* points, GLOBAL const uchar* code_lengths,
    GLOBAL const int* tstart, GLOBAL const int* tbucket, int word, int vocab_size, ulong rnd,
    const float* h, float* e, float alpha, LOCAL_PTR float* red, int lid)
{
#if HS
    hs_update(syn1, exp_table, codes, points, code_lengths[word], word, h, e, alpha, red, lid);
#endif
#if NEGATIVE > 0
    rnd = ns_update(syn1neg, exp_table, tstart, tbucket, word, vocab_size, rnd, h, e, alpha, red, lid);
#endif
    return rnd;
}

KERNEL w2v_train(GLOBAL float* syn0, GLOBAL float* syn1, GLOBAL float* syn1neg, GLOBAL const float* exp_table,
    GLOBAL const uchar* codes, GLOBAL const int* points, GLOBAL const uchar* code_lengths,
    GLOBAL const int* tstart, GLOBAL const int* tbucket,
    GLOBAL const int* words, GLOBAL const int* offsets, GLOBAL const float* alphas,
    int vocab_size, i64 seed_base)
{
    LOCAL_ARRAY float red[WG];
    int lid = LOCAL_ID;
    int s = GROUP_ID;
    int begin = offsets[s];
    int len = offsets[s + 1] - begin;
    GLOBAL const int* sen = words + begin;
    ulong rnd = (ulong)(seed_base + s);
    float alpha = alphas[s];
    float h[DPT];
    float e[DPT];
    for (int pos = 0; pos < len; pos++) {
        int word = sen[pos];
        rnd = rnd * 25214903917UL + 11UL;
        int b = (int)(rnd % (ulong)WINDOW);
        /* the context is sen[first..last] without sen[pos], as C's a-loop visits it */
        int first = pos - WINDOW + b;
        if (first < 0) first = 0;
        int last = pos + WINDOW - b;
        if (last > len - 1) last = len - 1;
#if CBOW
        for (int k = 0; k < DPT; k++) { h[k] = 0; e[k] = 0; }
        for (int c = first; c <= last; c++) {
            if (c != pos) {
                GLOBAL const float* l1 = syn0 + (i64)sen[c] * SIZE;
                for (int k = 0; k < DPT; k++) { int i = lid + k * WG; if (i < SIZE) h[k] += l1[i]; }
            }
        }
        int cw = last - first;
        if (cw > 0) {
            for (int k = 0; k < DPT; k++) h[k] /= (float)cw;
            rnd = output_update(syn1, syn1neg, exp_table, codes, points, code_lengths, tstart, tbucket, word, vocab_size,
                rnd, h, e, alpha, red, lid);
            for (int c = first; c <= last; c++) {
                if (c != pos) {
                    GLOBAL float* l1 = syn0 + (i64)sen[c] * SIZE;
                    for (int k = 0; k < DPT; k++) { int i = lid + k * WG; if (i < SIZE) l1[i] += e[k]; }
                }
            }
        }
#else
        for (int c = first; c <= last; c++) {
            if (c == pos) c++;
            if (c > last) break;
            GLOBAL float* l1 = syn0 + (i64)sen[c] * SIZE;
            for (int k = 0; k < DPT; k++) { int i = lid + k * WG; h[k] = i < SIZE ? l1[i] : 0; e[k] = 0; }
            rnd = output_update(syn1, syn1neg, exp_table, codes, points, code_lengths, tstart, tbucket, word, vocab_size,
                rnd, h, e, alpha, red, lid);
            for (int k = 0; k < DPT; k++) { int i = lid + k * WG; if (i < SIZE) l1[i] += e[k]; }
        }
#endif
    }
}
