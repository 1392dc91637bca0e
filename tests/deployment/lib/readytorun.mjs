// Just enough of the PE/COFF format to tell a ReadyToRun assembly from an IL-only one: the CLI header's
// ManagedNativeHeader points at a READYTORUN_HEADER whose signature is "RTR" (ECMA-335 II.25.3.3 and the runtime's
// readytorun.h). No dependencies.
import { readFileSync } from 'node:fs';

const READYTORUN_SIGNATURE = 0x00525452; // 'R' 'T' 'R' '\0', little-endian
const CLI_HEADER_DIRECTORY = 14;
// Crossgen2 marks a ReadyToRun image for Linux by XOR-ing the machine type with this value (the runtime's
// IMAGE_FILE_MACHINE_NATIVE_OS_OVERRIDE), and CoreCLR refuses ReadyToRun code of another machine type.
const LINUX_MACHINE_OVERRIDE = 0x7b79;
const MACHINE_BY_ARCH = { x64: 0x8664, arm64: 0xaa64, arm: 0x01c4 };

/** { managed, readyToRun, machine } of a .dll or .exe; managed is false for a native library. */
export function readyToRunInfo(file) {
  const image = readFileSync(file);
  const notManaged = { managed: false, readyToRun: false, machine: undefined };
  if (image.length < 0x40 || image.toString('latin1', 0, 2) !== 'MZ') return notManaged;
  const pe = image.readUInt32LE(0x3c);
  if (pe + 24 > image.length || image.readUInt32LE(pe) !== 0x00004550) return notManaged; // "PE\0\0"
  const machine = image.readUInt16LE(pe + 4);
  const sectionCount = image.readUInt16LE(pe + 6);
  const optionalHeaderSize = image.readUInt16LE(pe + 20);
  const optional = pe + 24;
  const directories = optional + (image.readUInt16LE(optional) === 0x20b ? 112 : 96); // PE32+ or PE32
  const sections = optional + optionalHeaderSize;
  const fileOffset = (rva) => {
    for (let i = 0; i < sectionCount; i++) {
      const section = sections + i * 40;
      const virtualSize = image.readUInt32LE(section + 8), virtualAddress = image.readUInt32LE(section + 12);
      const rawSize = image.readUInt32LE(section + 16), rawPointer = image.readUInt32LE(section + 20);
      if (rva >= virtualAddress && rva < virtualAddress + Math.max(virtualSize, rawSize)) return rva - virtualAddress + rawPointer;
    }
    return undefined;
  };
  const cliHeaderRva = image.readUInt32LE(directories + CLI_HEADER_DIRECTORY * 8);
  const cliHeader = cliHeaderRva ? fileOffset(cliHeaderRva) : undefined;
  if (cliHeader === undefined) return { ...notManaged, machine };
  const nativeHeaderRva = image.readUInt32LE(cliHeader + 64); // ManagedNativeHeader
  const nativeHeader = nativeHeaderRva ? fileOffset(nativeHeaderRva) : undefined;
  const readyToRun = nativeHeader !== undefined && image.readUInt32LE(nativeHeader) === READYTORUN_SIGNATURE;
  return { managed: true, readyToRun, machine };
}

/** The machine type a ReadyToRun image for Linux on this process's architecture carries, if known. */
export function linuxReadyToRunMachine(arch = process.arch) {
  const machine = MACHINE_BY_ARCH[arch];
  return machine === undefined ? undefined : machine ^ LINUX_MACHINE_OVERRIDE;
}
