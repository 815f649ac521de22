/*
 * A HotSpot disassembler plugin (hsdis) on the Capstone library, for JMH's -prof perfasm and
 * -XX:+PrintAssembly on x86-64: Debian packages no hsdis that JDK 17 loads (its libhsdis0-fcml has
 * the old entry point only). Built and used by bench/perfasm/build.sh.
 */
#include <capstone/capstone.h>
#include <stdint.h>

typedef void *(*event_callback_t)(void *stream, const char *event, void *arg);
typedef int (*printf_callback_t)(void *stream, const char *format, ...);

/* The entry point JDK 9 and later look for: decodes [start_va, end_va), copied into buffer. */
void *decode_instructions_virtual(uintptr_t start_va, uintptr_t end_va, unsigned char *buffer,
                                  uintptr_t length, event_callback_t event_callback, void *event_stream,
                                  printf_callback_t printf_callback, void *printf_stream,
                                  const char *options, int newline) {
    (void) end_va;
    (void) options;
    csh handle;
    if (cs_open(CS_ARCH_X86, CS_MODE_64, &handle) != CS_ERR_OK) {
        return NULL;
    }
    cs_option(handle, CS_OPT_SYNTAX, CS_OPT_SYNTAX_ATT);
    cs_insn *insn;
    size_t count = cs_disasm(handle, buffer, length, start_va, 0, &insn);
    for (size_t i = 0; i < count; i++) {
        event_callback(event_stream, "insn", (void *) (uintptr_t) insn[i].address);
        printf_callback(printf_stream, "%s\t%s", insn[i].mnemonic, insn[i].op_str);
        event_callback(event_stream, "/insn", (void *) (uintptr_t) (insn[i].address + insn[i].size));
        if (newline) {
            printf_callback(printf_stream, "\n");
        }
    }
    uintptr_t stop = count > 0 ? (uintptr_t) (insn[count - 1].address + insn[count - 1].size) : start_va;
    if (count > 0) {
        cs_free(insn, count);
    }
    cs_close(&handle);
    /* Where decoding stopped: after the last instruction decoded. */
    return (void *) stop;
}
