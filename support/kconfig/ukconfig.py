#!/usr/bin/python3
# Front end to kconfiglib for the Unikit build.
#
# Debian ships kconfiglib as python3-kconfiglib for the system interpreter
# only, so the Makefile always calls this script as /usr/bin/python3.
#
# usage: ukconfig.py ACTION [ARG]
#   menuconfig            interactive editor for $KCONFIG_CONFIG
#   olddefconfig          fill new symbols with defaults, keep the rest
#   defconfig FILE        start from FILE (a minimal config), fill defaults
#   savedefconfig OUT     write the minimal config that reproduces .config
#   genheader OUT.h       write the C header with CONFIG_ macros
#   deps OUT.mk           write the list of Kconfig files as a make rule
#
# Environment: UK_ROOT, UK_APP, KCONFIG_CONFIG (the app's .config).
import os
import sys

try:
    import kconfiglib
except ImportError:
    sys.exit("ukconfig: kconfiglib is missing; run 'make deps' "
             "(Debian package python3-kconfiglib)")


def load():
    root = os.environ["UK_ROOT"]
    kconf = kconfiglib.Kconfig(os.path.join(root, "Kconfig"),
                               warn_to_stderr=False)
    for w in kconf.warnings:
        # Undefined-symbol warnings from an app's defconfig are worth
        # showing; the rest is noise from kconfiglib's self checks.
        if "undefined symbol" in w or "was assigned the value" in w:
            print("ukconfig: warning: " + w.splitlines()[0], file=sys.stderr)
    return kconf


def load_config(kconf, path):
    """Loads a .config or defconfig.  An option this tree does not have is
    a warning (it may come from another version); a malformed line or a
    value its option cannot take is an error: ignoring it, as kconfiglib
    does, would build something else than what the file asks for.
    Assigning an option twice is how "echo CONFIG_FOO=y >> .config"
    works, so the last value wins without a word."""
    kconf.warn_assign_undef = True
    kconf.warn_assign_override = False
    kconf.warn_assign_redun = False
    seen = len(kconf.warnings)
    kconf.load_config(path)
    errors = []
    for w in kconf.warnings[seen:]:
        line = w.splitlines()[0].replace("warning: ", "", 1)
        if "undefined symbol" in line:
            print("ukconfig: warning: %s (no such option here: ignored)"
                  % line, file=sys.stderr)
        else:
            errors.append(line.replace(" Assignment ignored.", "")
                          .replace("ignoring malformed line", "malformed line"))
    if errors:
        for e in errors:
            print("ukconfig: error: " + e, file=sys.stderr)
        sys.exit("ukconfig: %s is broken: fix the line%s above (or start "
                 "again: make kvm_defconfig)" % (path, "s" if len(errors) > 1
                                                 else ""))


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    action = sys.argv[1]
    config = os.environ["KCONFIG_CONFIG"]

    if action == "menuconfig":
        import menuconfig
        kconf = load()
        menuconfig.menuconfig(kconf)
        return

    kconf = load()
    if action == "olddefconfig":
        if os.path.exists(config):
            load_config(kconf, config)
        kconf.write_config(config, header="# Unikit configuration\n")
    elif action == "defconfig":
        src = sys.argv[2]
        if not os.path.exists(src):
            sys.exit("ukconfig: no such defconfig: " + src)
        load_config(kconf, src)
        kconf.write_config(config, header="# Unikit configuration\n")
        print("ukconfig: wrote %s from %s" % (config, os.path.basename(src)))
    elif action == "savedefconfig":
        load_config(kconf, config)
        kconf.write_min_config(sys.argv[2])
        print("ukconfig: wrote " + sys.argv[2])
    elif action == "genheader":
        load_config(kconf, config)
        kconf.write_autoconf(sys.argv[2])
    elif action == "deps":
        files = sorted(set(os.path.abspath(f) for f in kconf.kconfig_filenames))
        with open(sys.argv[2], "w") as f:
            f.write("UK_KCONFIG_FILES := " + " ".join(files) + "\n")
    else:
        sys.exit("ukconfig: unknown action " + action)


if __name__ == "__main__":
    main()
