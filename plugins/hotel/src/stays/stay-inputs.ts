import { z } from '@loyalty/plugin-sdk';

/** The till's number of the stay (预订号 / 房单号), unique at the store; order numbers of its charges are made from it. */
const reservationNo = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,47}$/, 'must be 1–48 letters, digits, _ or -, starting with a letter or digit');
const fen = z.number().int('must be a whole number of 分').min(0).max(1_000_000_000_00);
/** When it happened at the desk (a till uploading late), not in the future; now by default. */
const occurredAt = z.iso
  .datetime({ offset: true })
  .refine((value) => Date.parse(value) <= Date.now() + 5 * 60_000, 'must not be in the future')
  .optional();

export const bookStayInput = z
  .object({
    memberId: z.uuid().optional(),
    phone: z.string().trim().min(1).max(20).optional(),
    reservationNo,
    roomType: z.string().trim().min(1).max(50),
    arrivalOn: z.iso.date(),
    departureOn: z.iso.date(),
    nightlyRateFen: fen,
    /** 预付: paid at booking; recorded as a purchase that earns the booked stay's points in advance. */
    prepaidFen: fen.min(1).optional(),
    occurredAt,
  })
  .refine((v) => (v.memberId === undefined) !== (v.phone === undefined), { message: 'give exactly one of memberId or phone', path: ['memberId'] })
  .refine((v) => v.departureOn > v.arrivalOn, { message: 'must be after arrivalOn', path: ['departureOn'] })
  .refine((v) => Date.parse(v.departureOn) - Date.parse(v.arrivalOn) <= 90 * 86_400_000, { message: 'a stay is booked for at most 90 nights', path: ['departureOn'] });
export type BookStayInput = z.infer<typeof bookStayInput>;

export const checkInInput = z.object({ reservationNo, roomNo: z.string().trim().min(1).max(20).optional(), occurredAt });
export type CheckInInput = z.infer<typeof checkInInput>;

export const checkOutInput = z.object({
  reservationNo,
  /** 账单: what the guest paid for the stay, everything on the folio, 分. */
  folioFen: fen,
  occurredAt,
});
export type CheckOutInput = z.infer<typeof checkOutInput>;

export const cancelStayInput = z.object({
  reservationNo,
  /** cancelled (取消, also of a stay already checked out: voided) or no-show (未到店, from the arrival date). */
  reason: z.enum(['cancelled', 'no-show']),
  /** A cancellation or no-show fee kept by the hotel: a purchase of its own, earning no points. */
  feeFen: fen.min(1).optional(),
  occurredAt,
});
export type CancelStayInput = z.infer<typeof cancelStayInput>;
