// edXML exchange (QCVN 102:2016; app/features/exchange/**, routes api.edxml and the exchange CLI).
import { CommonMessages } from "#app/messages/common";

export const ExchangeMessages = {
  PACKET_NOT_FOUND: CommonMessages.NOT_FOUND("gói tin"),
  PACKET_NOT_PENDING: "Gói tin này không còn chờ gửi",
  CANNOT_RECEIVE_INCOMING: "Người dùng không có quyền tiếp nhận văn bản đến",
  PACKET_REFUSED: (reason: string) => `Gói tin bị từ chối: ${reason}`,
  NO_SIGNING_CERTIFICATE: "Cơ quan chưa có chứng thư số để ký gói tin",
  NO_ORGAN_ID_TO_SEND: "Cơ quan chưa có mã định danh (OrganId) nên chưa gửi được văn bản điện tử ra ngoài hệ thống (Quản trị → Cơ quan).",
  NO_ORGAN_ID: "Cơ quan chưa có mã định danh (OrganId)",
  ATTACHMENT_NOT_FOUND: (name: string) => `Không tìm thấy tệp đính kèm "${name}"`,
  OUTGOING_NOT_FOUND: CommonMessages.NOT_FOUND("văn bản đi"),
  FILE_NOT_FOUND: CommonMessages.NOT_FOUND("tệp"),
  EXPORT_NEEDS_ISSUED: "Chỉ xuất gói tin cho văn bản đã phát hành điện tử",
  SECRET_NOT_SENT: "Văn bản mật không được gửi điện tử",
  PEER_NAME_REQUIRED: "Nhập tên kết nối",
  PEER_URL_REQUIRED: "Kết nối HTTP cần địa chỉ URL (http:// hoặc https://)",
  PEER_TOKEN_TOO_SHORT: (min: number) => `Mã xác thực (token) dùng chung phải có ít nhất ${min} ký tự`,
  PEER_DIRECTORY_REQUIRED: "Kết nối thư mục cần đường dẫn thư mục trao đổi",
  ORGAN_ID_MALFORMED: (organId: string) => `Mã định danh "${organId}" không đúng dạng 000.00.00.H12`,
  PEER_NOT_FOUND: (name: string) => `Không có kết nối "${name}"`,
  // HTTP endpoint (POST /api/edxml).
  BAD_TOKEN: "Mã xác thực kết nối edXML không hợp lệ",
  PACKET_TOO_LARGE: (limitMb: number) => `Gói tin lớn hơn giới hạn ${limitMb} MB.`,
  USE_POST: "Dùng POST để gửi gói tin edXML",
} as const;
