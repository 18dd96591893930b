// SPDX-License-Identifier: GPL-2.0
/*
 * A QEMU TCG plugin for tests/bench/profile/run: how many times each guest
 * instruction ran between two marks. A mark is the guest executing
 * `xchg %bx,%bx` (66 87 db; tests/bench/profile/mark.c); the second mark
 * of a pair writes the window's counts to $PROF_OUT as "WINDOW n" then
 * "PC COUNT" lines. Counts are per translation block (one callback per
 * block run), spread over the block's instructions.
 *
 * The plugin API is declared here (QEMU_PLUGIN_VERSION 1, QEMU 7.2): the
 * distribution ships no qemu-plugin.h.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

typedef uint64_t qemu_plugin_id_t;
struct qemu_plugin_tb;
struct qemu_plugin_insn;
typedef struct qemu_info_t qemu_info_t;
enum qemu_plugin_cb_flags { QEMU_PLUGIN_CB_NO_REGS, QEMU_PLUGIN_CB_R_REGS, QEMU_PLUGIN_CB_RW_REGS };
typedef void (*tb_trans_cb)(qemu_plugin_id_t id, struct qemu_plugin_tb *tb);
typedef void (*udata_cb)(unsigned int vcpu, void *ud);
void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t id, tb_trans_cb cb);
size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *tb);
struct qemu_plugin_insn *qemu_plugin_tb_get_insn(const struct qemu_plugin_tb *tb, size_t idx);
uint64_t qemu_plugin_insn_vaddr(const struct qemu_plugin_insn *insn);
const void *qemu_plugin_insn_data(const struct qemu_plugin_insn *insn);
size_t qemu_plugin_insn_size(const struct qemu_plugin_insn *insn);
void qemu_plugin_register_vcpu_tb_exec_cb(struct qemu_plugin_tb *tb, udata_cb cb,
					  enum qemu_plugin_cb_flags f, void *ud);
void qemu_plugin_register_vcpu_insn_exec_cb(struct qemu_plugin_insn *insn, udata_cb cb,
					    enum qemu_plugin_cb_flags f, void *ud);

__attribute__((visibility("default"))) int qemu_plugin_version = 1;

/* One translated block: how often it ran in this window, its PCs. */
struct block {
	uint64_t runs;
	size_t n;
	uint64_t pcs[];
};

static struct block **blocks;
static size_t nblocks, capblocks;
static int counting, window;
static FILE *out;

static void block_ran(unsigned int vcpu, void *ud)
{
	if (counting)
		((struct block *)ud)->runs++;
}

static void dump(void)
{
	fprintf(out, "WINDOW %d\n", window++);
	for (size_t i = 0; i < nblocks; i++) {
		struct block *b = blocks[i];
		if (!b->runs)
			continue;
		for (size_t j = 0; j < b->n; j++)
			fprintf(out, "%llx %llu\n", (unsigned long long)b->pcs[j],
				(unsigned long long)b->runs);
		b->runs = 0;
	}
	fflush(out);
}

static void mark(unsigned int vcpu, void *ud)
{
	counting = !counting;
	if (!counting)
		dump();
}

static int is_mark(const struct qemu_plugin_insn *insn)
{
	const unsigned char *d = qemu_plugin_insn_data(insn);
	return qemu_plugin_insn_size(insn) == 3 && d[0] == 0x66 && d[1] == 0x87 && d[2] == 0xdb;
}

static void translated(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
	size_t n = qemu_plugin_tb_n_insns(tb);
	struct block *b = calloc(1, sizeof(*b) + n * sizeof(uint64_t));
	if (!b)
		abort();
	b->n = n;
	for (size_t i = 0; i < n; i++) {
		struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
		b->pcs[i] = qemu_plugin_insn_vaddr(insn);
		if (is_mark(insn))
			qemu_plugin_register_vcpu_insn_exec_cb(insn, mark, QEMU_PLUGIN_CB_NO_REGS, NULL);
	}
	if (nblocks == capblocks) {
		capblocks = capblocks ? 2 * capblocks : 4096;
		blocks = realloc(blocks, capblocks * sizeof(*blocks));
		if (!blocks)
			abort();
	}
	blocks[nblocks++] = b;
	qemu_plugin_register_vcpu_tb_exec_cb(tb, block_ran, QEMU_PLUGIN_CB_NO_REGS, b);
}

__attribute__((visibility("default"))) int qemu_plugin_install(qemu_plugin_id_t id,
							       const qemu_info_t *info,
							       int argc, char **argv)
{
	const char *path = getenv("PROF_OUT");
	out = fopen(path ? path : "pc_counts.txt", "w");
	if (!out)
		return -1;
	qemu_plugin_register_vcpu_tb_trans_cb(id, translated);
	return 0;
}
